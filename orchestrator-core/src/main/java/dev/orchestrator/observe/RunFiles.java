package dev.orchestrator.observe;

import dev.orchestrator.internal.Checks;
import dev.orchestrator.internal.FileNames;
import dev.orchestrator.internal.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's files to its run directory, as a {@link RunListener}:
 *
 * <ul>
 *   <li>{@value #DASHBOARD}: the dashboard's snapshot, rewritten every {@link
 *       #DEFAULT_DASHBOARD_INTERVAL} (configurable) while the run goes on, and once more at its end;
 *   <li>{@value #MANIFESTS}{@code /<task>.json}: a manifest per task that recorded an artifact or
 *       an acceptance criterion (or per task, {@link #withEveryManifest}), written as the task ends
 *       (status, attempts, agent, timings, artifacts with path, size and SHA-256, acceptance
 *       criteria with evidence); the file name is the task id made safe by one rule ({@code
 *       FileNames}: no path separators, no {@code ..}, one-to-one);
 *   <li>{@value #REPORT_JSON} and {@value #REPORT_HTML} when the run ends: the report with its
 *       metrics, and a self-contained page (no network resources) with the agent × time timeline,
 *       the task graph with its critical path, and the metrics.
 * </ul>
 *
 * <p>The shapes are documented in {@code docs/report-format.md}. The directory also holds the
 * engine's {@code journal.jsonl}, which this class does not touch. Usually made for you by {@code
 * Orchestrator.builder().runDirectory(dir)}; as a listener of your own:
 *
 * <pre>{@code
 * Orchestrator.builder().listener(RunFiles.in(Path.of("runs/today")).withDashboardInterval(Duration.ofSeconds(5)))
 * }</pre>
 *
 * <p>One run at a time per directory: a run that starts while another is being written goes to a
 * sub-directory named after its run id. The dashboard and the reports are written atomically (a
 * temporary file, then a move); a manifest is written once, in place, when its task ends. A file that cannot be written is logged (SLF4J, WARN) and skipped; the run goes on. When
 * a listener was so slow that the run dropped events, the manifests missed are written from the
 * final report.
 */
public final class RunFiles implements RunListener {

  private static final Logger LOG = LoggerFactory.getLogger(RunFiles.class);

  /** How often {@value #DASHBOARD} is rewritten by default. */
  public static final Duration DEFAULT_DASHBOARD_INTERVAL = Duration.ofSeconds(2);
  /** The shortest dashboard interval accepted. */
  public static final Duration MIN_DASHBOARD_INTERVAL = Duration.ofMillis(100);
  /** The live snapshot's file name. */
  public static final String DASHBOARD = "dashboard.json";
  /** The final report's file name. */
  public static final String REPORT_JSON = "report.json";
  /** The HTML report's file name. */
  public static final String REPORT_HTML = "report.html";
  /** The directory of the task manifests. */
  public static final String MANIFESTS = "manifests";

  private final Path directory;
  private final Duration interval;
  private final InstantSource clock;
  private final boolean everyManifest;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, RunState> runs = new HashMap<>(); // guarded by lock

  private RunFiles(Path directory, Duration interval, InstantSource clock, boolean everyManifest) {
    this.directory = directory;
    this.interval = interval;
    this.clock = clock;
    this.everyManifest = everyManifest;
  }

  /** Writes runs' files to {@code directory} (created when the first run starts). */
  public static RunFiles in(Path directory) {
    Objects.requireNonNull(directory, "run directory cannot be null");
    return new RunFiles(directory, DEFAULT_DASHBOARD_INTERVAL, InstantSource.system(), false);
  }

  /**
   * This writer with another interval for {@value #DASHBOARD}.
   *
   * @throws IllegalArgumentException if below {@link #MIN_DASHBOARD_INTERVAL}
   */
  public RunFiles withDashboardInterval(Duration interval) {
    return new RunFiles(directory, checkInterval(interval), clock, everyManifest);
  }

  /**
   * This writer with a manifest for every task ({@code true}), or only for the tasks that recorded
   * an artifact or an acceptance criterion ({@code false}, the default: a run of a million tasks
   * that record nothing writes no manifest).
   */
  public RunFiles withEveryManifest(boolean every) {
    return new RunFiles(directory, interval, clock, every);
  }

  /** The directory runs are written to. */
  public Path directory() {
    return directory;
  }

  /**
   * Writes the end-of-run files of a finished run into {@code directory}: {@value #REPORT_JSON},
   * {@value #REPORT_HTML} and a manifest per task. For reports made without a listener (the
   * command-line tool, a test).
   *
   * @throws UncheckedIOException if a file cannot be written
   */
  public static void writeReport(RunReport report, Path directory) {
    Objects.requireNonNull(report, "report cannot be null");
    Objects.requireNonNull(directory, "run directory cannot be null");
    try {
      OwnerOnlyFiles.createDirectories(directory.resolve(MANIFESTS));
      for (TaskOutcome t : report.tasks()) {
        JsonFiles.manifest(directory.resolve(JsonFiles.manifestName(t.taskId())), report, t);
      }
      JsonFiles.report(directory.resolve(REPORT_JSON), report);
      HtmlReport.write(directory.resolve(REPORT_HTML), report);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report of " + report.runId() + " to "
          + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where a task's manifest goes in a run directory.
   *
   * @throws IllegalArgumentException if {@code taskId} is empty
   */
  public static Path manifestPath(Path runDirectory, String taskId) {
    Objects.requireNonNull(runDirectory, "run directory cannot be null");
    return runDirectory.resolve(JsonFiles.manifestName(taskId));
  }

  /** Checks a dashboard interval; the builders that take one check it the same way. */
  static Duration checkInterval(Duration interval) {
    return Checks.atLeast(interval, MIN_DASHBOARD_INTERVAL, "dashboard interval");
  }

  @Override
  public void onEvent(RunEvent event) {
    RunState run;
    lock.lock();
    try {
      run = runs.get(event.runId());
      if (run == null) {
        if (!(event instanceof RunEvent.RunStarted)) {
          return;
        }
        Path dir = runs.isEmpty() ? directory : directory.resolve(FileNames.of(event.runId()));
        if (!runs.isEmpty()) {
          LOG.warn("{}: {} is in use by another run; writing to {}", event.runId(), directory, dir);
        }
        run = new RunState(event.runId(), dir);
        runs.put(event.runId(), run);
      }
    } finally {
      lock.unlock();
    }
    run.tracker.accept(event);
    switch (event) {
      case RunEvent.RunStarted s -> run.start();
      case RunEvent.TaskFinished f -> run.manifest(f);
      case RunEvent.RunFinished f -> {
        run.finish(f);
        lock.lock();
        try {
          runs.remove(event.runId());
        } finally {
          lock.unlock();
        }
      }
      default -> { }
    }
  }

  @Override
  public String toString() {
    return "RunFiles[" + directory + ", dashboard every " + interval + "]";
  }

  /** One run being written. */
  private final class RunState {
    final String runId;
    final Path dir;
    final RunTracker tracker;
    final ReentrantLock writing = new ReentrantLock();
    final Condition stop = writing.newCondition();
    boolean over; // guarded by writing
    boolean manifestsOk = true;
    boolean warnedManifest;
    long manifests;

    RunState(String runId, Path dir) {
      this.runId = runId;
      this.tracker = new RunTracker(clock, runId);
      this.dir = dir;
    }

    void start() {
      try {
        OwnerOnlyFiles.createDirectories(dir.resolve(MANIFESTS));
      } catch (IOException e) {
        LOG.warn("{}: cannot create the run directory {}; its files are not written", runId, dir, e);
        manifestsOk = false;
        return;
      }
      Thread.ofVirtual().name("orchestrator-dashboard-file-" + runId).start(this::refresh);
    }

    /** Rewrites dashboard.json every interval until the run is over. */
    private void refresh() {
      writing.lock();
      try {
        while (!over) {
          long left = interval.toNanos();
          while (left > 0 && !over) {
            left = stop.awaitNanos(left);
          }
          if (!over) {
            dashboard();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        writing.unlock();
      }
    }

    private void dashboard() {
      try {
        JsonFiles.dashboard(dir.resolve(DASHBOARD), tracker.snapshot());
      } catch (IOException e) {
        LOG.warn("{}: cannot write {}", runId, dir.resolve(DASHBOARD), e);
      }
    }

    void manifest(RunEvent.TaskFinished f) {
      if (!manifestsOk || !everyManifest && f.artifacts().isEmpty() && f.criteria().isEmpty()) {
        return;
      }
      Optional<Instant> started = f.agent().isPresent()
          ? Optional.of(f.time().minus(f.duration())) : Optional.empty();
      Path file = dir.resolve(JsonFiles.manifestName(f.taskId()));
      try {
        JsonFiles.manifest(file, runId, f.taskId(), f.state(), f.attempts(), f.agent(), f.cause(),
            started, f.time(), f.duration(), f.artifacts(), f.criteria());
        manifests++;
      } catch (IOException e) {
        if (!warnedManifest) {
          warnedManifest = true;
          LOG.warn("{}: cannot write the manifest {} (later failures are not logged)", runId, file, e);
        }
      }
    }

    void finish(RunEvent.RunFinished f) {
      writing.lock();
      try {
        over = true;
        stop.signalAll();
        RunReport report = f.report();
        if (!manifestsOk) {
          return;
        }
        if (manifests < report.taskCount()) { // events were dropped (or tasks have no manifest)
          for (TaskOutcome t : report.tasks()) {
            Path file = dir.resolve(JsonFiles.manifestName(t.taskId()));
            if ((everyManifest || JsonFiles.hasManifest(t)) && !Files.exists(file)) {
              write(file.toString(), () -> JsonFiles.manifest(file, report, t));
            }
          }
        }
        dashboard();
        write(REPORT_JSON, () -> JsonFiles.report(dir.resolve(REPORT_JSON), report, everyManifest));
        write(REPORT_HTML, () -> HtmlReport.write(dir.resolve(REPORT_HTML), report));
      } finally {
        writing.unlock();
      }
    }

    private void write(String what, IoAction action) {
      try {
        action.run();
      } catch (IOException | RuntimeException e) {
        LOG.warn("{}: cannot write {} in {}", runId, what, dir, e);
      }
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
