package dev.orchestrator.examples.scenarios;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A plain progress line per wave start and at most one a second in between: the stand-in for the
 * console dashboard ({@code dev.orchestrator.observe.ConsoleDashboard}) until it lands, when {@link
 * ScenarioRunner} uses that instead and this class goes. Called on the run's single event thread.
 */
final class ProgressLines implements RunListener {

  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private final PrintWriter out;
  private Instant start;
  private Instant lastLine;
  private int planned;
  private int running;
  private int succeeded;
  private int failed;
  private int other;
  private int retries;

  ProgressLines(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onEvent(RunEvent event) {
    switch (event) {
      case RunEvent.RunStarted s -> {
        start = s.time();
        lastLine = s.time();
        planned = s.tasks();
        out.printf(Locale.ROOT, "Running %,d tasks on %,d agent%s (%s mode)%n", s.tasks(), s.agents(),
            s.agents() == 1 ? "" : "s", s.mode().name().toLowerCase(Locale.ROOT));
      }
      case RunEvent.WaveStarted w -> line(w.time(), String.format(Locale.ROOT, "wave %d started (%,d tasks)", w.wave(), w.tasks()));
      case RunEvent.TaskStarted t -> {
        running++;
        maybeLine(t.time());
      }
      case RunEvent.TaskRetry r -> {
        running--;
        retries++;
      }
      case RunEvent.TaskFinished f -> {
        if (f.agent().isPresent()) { // it ran (a task skipped before starting has no agent)
          running--;
        }
        switch (f.state()) {
          case SUCCEEDED -> succeeded++;
          case FAILED -> failed++;
          default -> other++;
        }
        maybeLine(f.time());
      }
      case RunEvent.RunFinished f -> line(f.time(), "finished");
      default -> { }
    }
    out.flush();
  }

  private void maybeLine(Instant now) {
    if (lastLine != null && Duration.between(lastLine, now).compareTo(INTERVAL) >= 0) {
      line(now, "");
    }
  }

  private void line(Instant now, String note) {
    lastLine = now;
    double seconds = start == null ? 0 : Duration.between(start, now).toMillis() / 1000.0;
    int done = succeeded + failed + other;
    out.printf(Locale.ROOT, "[%6.1f s] %,d/%,d done · %,d succeeded · %,d failed · %,d skipped or"
            + " cancelled · %,d running · %,d retries%s%n",
        seconds, done, Math.max(planned, done), succeeded, failed, other, Math.max(0, running),
        retries, note.isEmpty() ? "" : " · " + note);
  }
}
