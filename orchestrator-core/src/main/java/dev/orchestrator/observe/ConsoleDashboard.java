package dev.orchestrator.observe;

import dev.orchestrator.internal.Format;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A live view of runs on the console: progress bar, ETA, current wave, succeeded / running / failed
 * / pending, agents and the latest scaling adjustments, resource alerts, the failure analysis and
 * recent failures.
 *
 * <pre>{@code
 * try (Orchestrator orchestrator = Orchestrator.builder()
 *     .listener(ConsoleDashboard.create())
 *     .build()) {
 *   orchestrator.run(workflow);
 * }
 * }</pre>
 *
 * <p>In a terminal it redraws a block of lines in place with ANSI escapes, at most every {@link
 * #DEFAULT_REFRESH} (250 ms); when the output is not a terminal (a CI log, a file) it prints one
 * plain line every {@link #DEFAULT_PLAIN_REFRESH} (10 s), plus a line for each scaling adjustment,
 * resource alert or failure analysis since the last one. {@link #create()} decides by {@code
 * System.console()} (and {@code Console.isTerminal()} on JDK 22+) and {@code TERM=dumb}; {@link
 * Builder#ansi(boolean)} decides explicitly.
 *
 * <p>Events only update counters (constant time each, on the run's event thread); drawing happens
 * on the dashboard's own thread from a snapshot of those counters, at the refresh rate, never per
 * event. The last frame of a run is drawn before the run's {@code run(...)} returns. The ETA blends
 * the simulator's prediction with the observed rate as {@link RunTracker} describes: {@code
 * (1 − f) × P × (1 − f) + f × t × (1 − f) ÷ f} for the share f of planned work done after t, with P
 * the predicted makespan. One dashboard may watch several runs at once; each gets its own block.
 */
public final class ConsoleDashboard implements RunListener {

  /** Redraw interval in a terminal. */
  public static final Duration DEFAULT_REFRESH = Duration.ofMillis(250);
  /** Interval between plain lines when the output is not a terminal. */
  public static final Duration DEFAULT_PLAIN_REFRESH = Duration.ofSeconds(10);
  /** The shortest refresh interval accepted. */
  public static final Duration MIN_REFRESH = Duration.ofMillis(20);

  static final int BAR = 30;
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

  private final PrintStream out;
  private final boolean ansi;
  private final long refreshNanos;
  private final int width;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  // Guarded by lock.
  private final Map<String, RunTracker> active = new LinkedHashMap<>();
  private final Map<String, Instant> printedUpTo = new HashMap<>();
  private int drawnLines;
  private Thread painter;
  private volatile RunTracker last; // the tracker of the latest event's run: no lock per event

  private ConsoleDashboard(Builder b) {
    this.out = b.out;
    this.ansi = b.ansi != null ? b.ansi : isTerminal();
    this.refreshNanos = (b.refresh != null ? b.refresh : ansi ? DEFAULT_REFRESH : DEFAULT_PLAIN_REFRESH)
        .toNanos();
    this.width = b.width;
    this.clock = b.clock;
  }

  /** A dashboard on {@code System.out}, ANSI when it is a terminal, plain lines otherwise. */
  public static ConsoleDashboard create() {
    return builder().build();
  }

  /** A builder: output, ANSI or plain, refresh interval, width. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * No: the dashboard reads the counts from the run's live counters when it redraws, so the run
   * need not make two events per task for it.
   */
  @Override
  public boolean receivesEveryTask() {
    return false;
  }

  /** Whether this dashboard redraws in place (ANSI) rather than printing plain lines. */
  public boolean isAnsi() {
    return ansi;
  }

  @Override
  public void onEvent(RunEvent event) {
    RunTracker tracker = last;
    if (tracker != null && tracker.id == event.runId() && !(event instanceof RunEvent.RunFinished)) {
      tracker.accept(event); // the same run as the event before: its id is the same String
      return;
    }
    lock.lock();
    try {
      tracker = active.get(event.runId());
      if (tracker == null) {
        if (!(event instanceof RunEvent.RunStarted)) {
          return; // a run that started before this dashboard saw it
        }
        tracker = new RunTracker(clock, event.runId());
        active.put(event.runId(), tracker);
        printedUpTo.put(event.runId(), Instant.MIN);
        startPainter();
      }
      last = tracker;
    } finally {
      lock.unlock();
    }
    tracker.accept(event);
    if (event instanceof RunEvent.RunFinished) {
      lock.lock();
      try {
        draw(); // the run's last frame, before it leaves the dashboard
        active.remove(event.runId());
        printedUpTo.remove(event.runId());
        if (last == tracker) {
          last = null;
        }
        if (ansi) {
          drawnLines = 0; // keep the final frame on screen; later runs draw below it
        }
        wake.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void startPainter() {
    if (painter == null || !painter.isAlive()) {
      painter = Thread.ofVirtual().name("orchestrator-dashboard").start(this::paint);
    }
  }

  private void paint() {
    lock.lock();
    try {
      while (!active.isEmpty()) {
        long left = refreshNanos;
        while (left > 0 && !active.isEmpty()) {
          left = wake.awaitNanos(left);
        }
        if (!active.isEmpty()) {
          draw();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      painter = null;
      lock.unlock();
    }
  }

  /** Draws every active run; called with the lock held. */
  private void draw() {
    StringBuilder text = new StringBuilder();
    if (ansi) {
      List<String> lines = new ArrayList<>();
      for (RunTracker tracker : active.values()) {
        lines.addAll(frame(tracker.snapshot(), width));
      }
      if (drawnLines > 0) {
        text.append("\u001b[").append(drawnLines).append('F');
      }
      for (String line : lines) {
        text.append("\u001b[2K").append(colorBar(line)).append('\n');
      }
      text.append("\u001b[J");
      drawnLines = lines.size();
    } else {
      for (Map.Entry<String, RunTracker> e : active.entrySet()) {
        Snapshot s = e.getValue().snapshot();
        Instant since = printedUpTo.get(e.getKey());
        for (String line : news(s, since)) {
          text.append(line).append('\n');
        }
        text.append(line(s)).append('\n');
        printedUpTo.put(e.getKey(), s.time());
      }
    }
    out.print(text);
    out.flush();
  }

  private static String colorBar(String line) {
    int open = line.indexOf('[');
    int full = line.indexOf('█');
    if (open < 0 || full < 0 || full != open + 1) {
      return line;
    }
    int end = line.lastIndexOf('█') + 1;
    return line.substring(0, open + 1) + "\u001b[32m" + line.substring(open + 1, end) + "\u001b[0m"
        + line.substring(end);
  }

  /** The block of lines for one run (ANSI mode), each cut to {@code width} characters. */
  static List<String> frame(Snapshot s, int width) {
    List<String> lines = new ArrayList<>();
    lines.add(s.plan() + " · " + s.runId() + " · " + s.phase() + " · " + Format.duration(s.elapsed())
        + (s.mode().isEmpty() ? "" : " · " + s.mode()));
    lines.add("  " + waveText(s) + "  " + bar(s.done()) + " " + percent(s.done()) + "  "
        + Format.count(s.finished()) + " / " + Format.count(s.total()) + " tasks  " + etaText(s));
    lines.add("  succeeded " + Format.count(s.succeeded()) + " · running " + Format.count(s.running())
        + " · failed " + Format.count(s.failed()) + " · pending " + Format.count(s.pending())
        + " · skipped " + Format.count(s.skipped()) + " · cancelled " + Format.count(s.cancelled())
        + " · retries " + Format.count(s.retries()));
    lines.add("  agents " + Format.count(s.agents()) + " (started with " + Format.count(s.initialAgents())
        + ") · scaling " + scalingStatus(s) + " · " + Format.decimal(s.throughput()) + " tasks/s"
        + s.estimate().map(e -> " · predicted " + Format.duration(e) + " (" + s.estimateSource() + ")")
            .orElse(""));
    for (RunEvent.ScalingAdjustment a : s.adjustments()) {
      lines.add("    " + CLOCK.format(a.time()) + " agents " + a.fromAgents() + " → " + a.toAgents()
          + ": " + a.reason());
    }
    if (!s.resources().isEmpty()) {
      StringBuilder r = new StringBuilder("  resources");
      for (RunEvent.ResourceAlert a : s.resources()) {
        r.append(" · ").append(a.resource().label()).append(' ').append(percent(a.utilization()).trim());
      }
      lines.add(r.toString());
      RunEvent.ResourceAlert last = s.resources().get(s.resources().size() - 1);
      lines.add("    " + CLOCK.format(last.time()) + " " + last.message());
    }
    s.failureAnalysis().ifPresent(a -> lines.add("  failure analysis: " + a.classification().label() + " ("
        + Format.count(a.tasks().size()) + " tasks) → " + a.action()));
    for (String failure : s.recentFailures()) {
      lines.add("  ✖ " + failure);
    }
    if (!s.isOver()) {
      s.activity().ifPresent(a -> lines.add("  … " + a));
    }
    if (s.eventsDropped() > 0) {
      lines.add("  (" + Format.count(s.eventsDropped()) + " events dropped: the dashboard fell behind)");
    }
    List<String> cut = new ArrayList<>(lines.size());
    for (String line : lines) {
      cut.add(line.length() <= width ? line : line.substring(0, Math.max(1, width - 1)) + "…");
    }
    return cut;
  }

  /** One plain line for a CI log. */
  static String line(Snapshot s) {
    return "[" + s.runId() + " " + s.plan() + "] " + s.phase() + " " + percent(s.done()).trim() + " "
        + Format.count(s.finished()) + "/" + Format.count(s.total()) + " · succeeded "
        + Format.count(s.succeeded()) + " · running " + Format.count(s.running()) + " · failed "
        + Format.count(s.failed()) + " · pending " + Format.count(s.pending()) + " · "
        + waveText(s).toLowerCase(Locale.ROOT) + " · agents " + Format.count(s.agents()) + " · "
        + etaText(s) + " · elapsed " + Format.duration(s.elapsed());
  }

  /** Plain lines for the adjustments, alerts and analysis that happened after {@code since}. */
  static List<String> news(Snapshot s, Instant since) {
    List<String> lines = new ArrayList<>();
    String prefix = "[" + s.runId() + " " + s.plan() + "] ";
    for (RunEvent.ScalingAdjustment a : s.adjustments()) {
      if (a.time().isAfter(since)) {
        lines.add(prefix + "scaling: agents " + a.fromAgents() + " → " + a.toAgents() + ": " + a.reason());
      }
    }
    for (RunEvent.ResourceAlert a : s.resources()) {
      if (a.time().isAfter(since)) {
        lines.add(prefix + "resource: " + a.resource().label() + " " + percent(a.utilization()).trim() + ": "
            + a.message());
      }
    }
    s.failureAnalysis().filter(a -> a.time().isAfter(since)).ifPresent(a -> lines.add(prefix
        + "failure analysis: " + a.classification().label() + " (" + Format.count(a.tasks().size())
        + " tasks) → " + a.action()));
    return lines;
  }

  private static String waveText(Snapshot s) {
    if (s.waves() == 0) {
      return "Wave -";
    }
    return "Wave " + Math.max(1, Math.min(s.wave(), s.waves())) + " of " + s.waves();
  }

  private static String etaText(Snapshot s) {
    if (s.isOver()) {
      return "done in " + Format.duration(s.elapsed());
    }
    return s.eta().map(eta -> "ETA " + Format.duration(round(eta))).orElse("ETA -");
  }

  private static Duration round(Duration d) {
    return d.compareTo(Duration.ofSeconds(10)) < 0
        ? Duration.ofMillis(d.toMillis()) : Duration.ofSeconds(d.toSeconds());
  }

  private static String scalingStatus(Snapshot s) {
    if (s.adjustments().isEmpty()) {
      return "steady";
    }
    RunEvent.ScalingAdjustment last = s.adjustments().get(s.adjustments().size() - 1);
    return last.toAgents() < last.fromAgents() ? "shrunk" : "grown";
  }

  static String bar(double fraction) {
    int full = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * BAR);
    return "[" + "█".repeat(full) + "░".repeat(BAR - full) + "]";
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%5.1f %%", fraction * 100);
  }

  private static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try { // JDK 22+: a console may exist without a terminal (output redirected)
      Object terminal = java.io.Console.class.getMethod("isTerminal").invoke(console);
      return Boolean.TRUE.equals(terminal);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: System.console() is null unless both ends are a terminal
    }
  }

  @Override
  public String toString() {
    return "ConsoleDashboard[" + (ansi ? "ansi" : "plain") + ", every "
        + Format.nanos(refreshNanos) + "]";
  }

  /** Builds a {@link ConsoleDashboard}. Not thread-safe; {@link #build()} copies the state. */
  public static final class Builder {
    private PrintStream out = System.out;
    private Boolean ansi;
    private Duration refresh;
    private int width = terminalWidth();
    private InstantSource clock = InstantSource.system();

    private Builder() {}

    /** Where to draw (default {@code System.out}). */
    public Builder output(PrintStream out) {
      this.out = Objects.requireNonNull(out, "output cannot be null");
      return this;
    }

    /**
     * ANSI redraw in place ({@code true}) or plain periodic lines ({@code false}); by default
     * decided from the console.
     */
    public Builder ansi(boolean ansi) {
      this.ansi = ansi;
      return this;
    }

    /**
     * How often to redraw (ANSI) or print a line (plain); defaults {@link #DEFAULT_REFRESH} and
     * {@link #DEFAULT_PLAIN_REFRESH}.
     *
     * @throws IllegalArgumentException if below {@link #MIN_REFRESH}
     */
    public Builder refresh(Duration interval) {
      Objects.requireNonNull(interval, "refresh interval cannot be null");
      if (interval.compareTo(MIN_REFRESH) < 0) {
        throw new IllegalArgumentException(
            "refresh interval must be at least " + MIN_REFRESH.toMillis() + " ms: " + interval);
      }
      this.refresh = interval;
      return this;
    }

    /**
     * The widest line drawn in ANSI mode (longer lines are cut, so that they never wrap and break
     * the redraw); default {@code $COLUMNS} or 120.
     *
     * @throws IllegalArgumentException if below 40
     */
    public Builder width(int columns) {
      if (columns < 40) {
        throw new IllegalArgumentException("width must be at least 40 columns: " + columns);
      }
      this.width = columns;
      return this;
    }

    /** The clock for elapsed times and the ETA (tests use a fixed one). */
    Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock cannot be null");
      return this;
    }

    public ConsoleDashboard build() {
      return new ConsoleDashboard(this);
    }

    private static int terminalWidth() {
      try {
        int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120").trim());
        return Math.max(40, columns);
      } catch (NumberFormatException e) {
        return 120;
      }
    }
  }

  /** Draws now, as the painter does at each tick (for tests). */
  void redraw() {
    lock.lock();
    try {
      draw();
    } finally {
      lock.unlock();
    }
  }
}
