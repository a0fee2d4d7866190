package dev.orchestrator.observe;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.orchestrator.internal.FileNames;
import dev.orchestrator.internal.OwnerOnlyFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Writes the JSON files of a run directory: {@code dashboard.json}, the task manifests and {@code
 * report.json}, in the shapes {@code docs/report-format.md} documents. Every file is written to a
 * temporary file beside it and moved into place, so a reader never sees half a file.
 */
final class JsonFiles {

  static final String DASHBOARD_FORMAT = "orchestrator-dashboard/1";
  static final String MANIFEST_FORMAT = "orchestrator-manifest/1";
  static final String REPORT_FORMAT = "orchestrator-report/1";
  /** Reports with more tasks are written without indentation. */
  static final int PRETTY_LIMIT = 10_000;

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonFiles() {}

  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** Writes {@code file} atomically: a temporary file beside it, then a move. */
  static void write(Path file, boolean pretty, Body body) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    writeDirectly(tmp, pretty, body);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Writes {@code file} in place: for files written once, which nobody reads before. */
  static void writeDirectly(Path file, boolean pretty, Body body) throws IOException {
    try (OutputStream out = new java.io.BufferedOutputStream(OwnerOnlyFiles.newOutputStream(file), 8192);
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      body.write(g);
    }
  }

  /** Milliseconds with microsecond precision. */
  static double ms(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  static double ms(Duration d) {
    return ms(d.toNanos());
  }

  private static void string(JsonGenerator g, String field, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      g.writeStringField(field, value.get());
    } else {
      g.writeNullField(field);
    }
  }

  private static void millis(JsonGenerator g, String field, Optional<Duration> value)
      throws IOException {
    if (value.isPresent()) {
      g.writeNumberField(field, ms(value.get()));
    } else {
      g.writeNullField(field);
    }
  }

  /**
   * Writes the fields of one element of an array of objects, into the object {@link #objects} has
   * opened (callers name the generator {@code o}: a lambda cannot reuse the name {@code g}).
   */
  @FunctionalInterface
  private interface Fields<T> {
    void write(JsonGenerator g, T element) throws IOException;
  }

  /**
   * An array field with one object per element: most lists in these files are written this way,
   * so the array and object framing is written here once and each caller gives only the fields.
   */
  private static <T> void objects(JsonGenerator g, String field, Iterable<? extends T> elements,
      Fields<T> fields) throws IOException {
    g.writeArrayFieldStart(field);
    for (T element : elements) {
      g.writeStartObject();
      fields.write(g, element);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** An array field of strings. */
  private static void strings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  /** A resource alert: {@code dashboard.json} and {@code report.json} write it alike. */
  private static void alert(JsonGenerator g, RunEvent.ResourceAlert a) throws IOException {
    g.writeStringField("time", a.time().toString());
    g.writeStringField("resource", a.resource().label());
    g.writeNumberField("utilization", a.utilization());
    g.writeStringField("message", a.message());
  }

  // ------------------------------------------------------------------ dashboard.json

  static void dashboard(Path file, Snapshot s) throws IOException {
    write(file, true, g -> {
      g.writeStartObject();
      g.writeStringField("format", DASHBOARD_FORMAT);
      g.writeStringField("runId", s.runId());
      g.writeStringField("plan", s.plan());
      g.writeStringField("mode", s.mode());
      g.writeStringField("phase", s.phase());
      g.writeStringField("startTime", s.startTime().toString());
      g.writeStringField("updated", s.time().toString());
      g.writeNumberField("elapsedMillis", ms(s.elapsed()));
      g.writeObjectFieldStart("progress");
      g.writeNumberField("tasks", s.total());
      g.writeNumberField("finished", s.finished());
      g.writeNumberField("fraction", s.done());
      g.writeNumberField("workFraction", s.workDone());
      g.writeEndObject();
      g.writeObjectFieldStart("counts");
      g.writeNumberField("succeeded", s.succeeded());
      g.writeNumberField("failed", s.failed());
      g.writeNumberField("skipped", s.skipped());
      g.writeNumberField("cancelled", s.cancelled());
      g.writeNumberField("running", s.running());
      g.writeNumberField("pending", s.pending());
      g.writeNumberField("retries", s.retries());
      g.writeEndObject();
      g.writeObjectFieldStart("eta");
      millis(g, "remainingMillis", s.eta());
      string(g, "estimatedCompletion", s.eta().map(eta -> s.time().plus(eta).toString()));
      millis(g, "predictedMakespanMillis", s.estimate());
      string(g, "predictionSource", s.estimate().map(e -> s.estimateSource()));
      g.writeEndObject();
      g.writeObjectFieldStart("wave");
      g.writeNumberField("current", s.wave());
      g.writeNumberField("total", s.waves());
      g.writeEndObject();
      g.writeObjectFieldStart("agents");
      g.writeNumberField("current", s.agents());
      g.writeNumberField("initial", s.initialAgents());
      g.writeEndObject();
      g.writeNumberField("throughputPerSecond", Math.round(s.throughput() * 1000) / 1000.0);
      adjustments(g, s.adjustments());
      objects(g, "resources", s.resources(), JsonFiles::alert);
      if (s.failureAnalysis().isPresent()) {
        RunEvent.FailureAnalysis a = s.failureAnalysis().get();
        g.writeObjectFieldStart("failureAnalysis");
        g.writeStringField("time", a.time().toString());
        g.writeStringField("classification", a.classification().label());
        strings(g, "tasks", a.tasks());
        g.writeStringField("action", a.action());
        g.writeEndObject();
      } else {
        g.writeNullField("failureAnalysis");
      }
      strings(g, "recentFailures", s.recentFailures());
      g.writeNumberField("eventsDropped", s.eventsDropped());
      g.writeEndObject();
    });
  }

  private static void adjustments(JsonGenerator g, List<RunEvent.ScalingAdjustment> list)
      throws IOException {
    objects(g, "adjustments", list, (o, a) -> {
      o.writeStringField("time", a.time().toString());
      o.writeNumberField("fromAgents", a.fromAgents());
      o.writeNumberField("toAgents", a.toAgents());
      o.writeStringField("reason", a.reason());
    });
  }

  /** The failure analyses, resource alerts, stalls and compensations of a run (reliability.md). */
  private static void resilience(JsonGenerator g, RunReport r) throws IOException {
    objects(g, "failureAnalyses", r.failureAnalyses(), (o, a) -> {
      o.writeStringField("time", a.time().toString());
      o.writeStringField("classification", a.classification().label());
      o.writeStringField("action", a.action());
      o.writeStringField("evidence", a.evidence());
      strings(o, "tasks", a.tasks());
    });
    objects(g, "resourceAlerts", r.resourceAlerts(), JsonFiles::alert);
    objects(g, "stalls", r.stalls(), (o, st) -> {
      o.writeStringField("time", st.time().toString());
      o.writeStringField("task", st.taskId());
      o.writeNumberField("attempt", st.attempt());
      o.writeStringField("agent", st.agent());
      o.writeNumberField("silentMillis", ms(st.silentFor()));
      o.writeStringField("action", st.action());
    });
    objects(g, "compensations", r.compensations(), (o, c) -> {
      o.writeStringField("time", c.time().toString());
      o.writeStringField("task", c.taskId());
      o.writeBooleanField("succeeded", c.succeeded());
      o.writeNumberField("durationMillis", ms(c.duration()));
      o.writeStringField("error", c.error().orElse(null));
    });
  }

  // ------------------------------------------------------------------ manifests

  /** Whether a task recorded what a manifest is for: an artifact or an acceptance criterion. */
  static boolean hasManifest(TaskOutcome t) {
    return !t.artifacts().isEmpty() || !t.criteria().isEmpty();
  }

  /** The manifest of a task, relative to the run directory. */
  static String manifestName(String taskId) {
    return RunFiles.MANIFESTS + "/" + FileNames.of(taskId) + ".json";
  }

  /**
   * Writes a task's manifest.
   *
   * @param startedAt when its first attempt started, if it ran
   */
  static void manifest(Path file, String runId, String taskId, TaskState state, int attempts,
      Optional<String> agent, Optional<String> cause, Optional<Instant> startedAt,
      Instant finishedAt, Duration duration, List<Artifact> artifacts, List<Criterion> criteria)
      throws IOException {
    writeDirectly(file, true, g -> {
      g.writeStartObject();
      g.writeStringField("format", MANIFEST_FORMAT);
      g.writeStringField("runId", runId);
      g.writeStringField("taskId", taskId);
      g.writeStringField("status", state.name());
      g.writeNumberField("attempts", attempts);
      string(g, "agent", agent);
      string(g, "cause", cause);
      g.writeObjectFieldStart("timings");
      string(g, "startedAt", startedAt.map(Instant::toString));
      g.writeStringField("finishedAt", finishedAt.toString());
      g.writeNumberField("durationMillis", ms(duration));
      g.writeEndObject();
      objects(g, "artifacts", artifacts, (o, a) -> {
        o.writeStringField("path", a.path().toString());
        o.writeNumberField("sizeBytes", a.sizeBytes());
        o.writeStringField("sha256", a.sha256());
      });
      objects(g, "acceptanceCriteria", criteria, (o, c) -> {
        o.writeStringField("criterion", c.criterion());
        o.writeBooleanField("met", c.met());
        o.writeStringField("evidence", c.evidence());
      });
      g.writeBooleanField("criteriaMet", criteria.stream().allMatch(Criterion::met));
      g.writeEndObject();
    });
  }

  /** Writes a task's manifest from the final report. */
  static void manifest(Path file, RunReport r, TaskOutcome t) throws IOException {
    Instant started = t.started().map(d -> r.startTime().plus(d)).orElse(null);
    Instant finished = r.startTime().plus(t.finished().orElse(r.makespan()));
    manifest(file, r.runId(), t.taskId(), t.state(), t.attempts(), t.agent(), t.cause(),
        Optional.ofNullable(started), finished, t.duration(), t.artifacts(), t.criteria());
  }

  // ------------------------------------------------------------------ report.json

  /** Writes the final report, every task with a manifest. */
  static void report(Path file, RunReport r) throws IOException {
    report(file, r, true);
  }

  /**
   * Writes the final report; {@code everyManifest} false: only tasks that recorded an artifact or a
   * criterion name a manifest (see {@link #hasManifest}).
   */
  static void report(Path file, RunReport r, boolean everyManifest) throws IOException {
    RunMetrics m = r.metrics();
    write(file, r.taskCount() <= PRETTY_LIMIT, g -> {
      g.writeStartObject();
      g.writeStringField("format", REPORT_FORMAT);
      g.writeStringField("runId", r.runId());
      g.writeStringField("plan", r.plan());
      g.writeStringField("mode", r.mode().name());
      g.writeStringField("startTime", r.startTime().toString());
      g.writeNumberField("makespanMillis", ms(r.makespan()));
      g.writeBooleanField("cancelled", r.wasCancelled());
      g.writeBooleanField("success", r.isSuccess());
      g.writeObjectFieldStart("estimate");
      millis(g, "makespanMillis", r.estimate());
      string(g, "source", r.estimateSource());
      g.writeEndObject();
      g.writeObjectFieldStart("counts");
      g.writeNumberField("tasks", r.taskCount());
      g.writeNumberField("succeeded", r.succeeded());
      g.writeNumberField("failed", r.failed());
      g.writeNumberField("skipped", r.skipped());
      g.writeNumberField("cancelled", r.cancelled());
      g.writeEndObject();
      metrics(g, m);
      objects(g, "bottlenecks", m.bottlenecks(), (o, b) -> {
        o.writeStringField("kind", b.kind().name());
        o.writeStringField("subject", b.subject());
        o.writeStringField("finding", b.finding());
        o.writeStringField("recommendation", b.recommendation());
      });
      strings(g, "recommendations", m.recommendations());
      pool(g, r.pool());
      adjustments(g, r.adjustments());
      resilience(g, r);
      objects(g, "queueDepth", r.queueDepth(), (o, q) -> {
        o.writeNumberField("timeMillis", ms(q.time()));
        o.writeNumberField("ready", q.ready());
        o.writeNumberField("running", q.running());
      });
      g.writeNumberField("eventsDropped", r.eventsDropped());
      objects(g, "tasks", r.tasks(), (o, t) -> {
        o.writeStringField("id", t.taskId());
        o.writeStringField("state", t.state().name());
        o.writeNumberField("attempts", t.attempts());
        millis(o, "startedMillis", t.started());
        millis(o, "finishedMillis", t.finished());
        string(o, "agent", t.agent());
        string(o, "cause", t.cause());
        string(o, "parent", t.parent());
        if (everyManifest || hasManifest(t)) {
          o.writeStringField("manifest", manifestName(t.taskId()));
        } else {
          o.writeNullField("manifest");
        }
      });
      g.writeEndObject();
    });
  }

  private static void metrics(JsonGenerator g, RunMetrics m) throws IOException {
    g.writeObjectFieldStart("metrics");
    g.writeNumberField("totalWorkMillis", ms(m.totalWork()));
    g.writeNumberField("criticalPathMillis", ms(m.criticalPath()));
    strings(g, "criticalPath", m.criticalPathTasks());
    g.writeNumberField("peakAgents", m.peakAgents());
    g.writeNumberField("speedUp", m.speedUp());
    g.writeNumberField("maxSpeedUp", m.maxSpeedUp());
    g.writeNumberField("parallelismEfficiency", m.parallelismEfficiency());
    g.writeNumberField("utilization", m.utilization());
    g.writeNumberField("successRate", m.successRate());
    g.writeNumberField("criticalPathShare", m.criticalPathShare());
    g.writeNumberField("averageQueueDepth", m.averageQueueDepth());
    g.writeNumberField("maxQueueDepth", m.maxQueueDepth());
    g.writeNumberField("reuseRate", m.reuseRate());
    g.writeNumberField("poolEfficiency", m.poolEfficiency());
    g.writeEndObject();
  }

  private static void pool(JsonGenerator g, PoolStatistics p) throws IOException {
    g.writeObjectFieldStart("pool");
    g.writeNumberField("agentsCreated", p.agentsCreated());
    g.writeNumberField("peakAgents", p.peakAgents());
    g.writeNumberField("handOffs", p.handOffs());
    g.writeNumberField("steals", p.steals());
    g.writeNumberField("abandonedAttempts", p.abandonedAttempts());
    objects(g, "agents", p.agents(), (o, a) -> {
      o.writeStringField("name", a.name());
      o.writeNumberField("tasks", a.tasks());
      o.writeNumberField("busyMillis", ms(a.busy()));
      o.writeNumberField("aliveMillis", ms(a.alive()));
      long alive = a.alive().toNanos();
      o.writeNumberField("utilization", alive == 0 ? 0 : (double) a.busy().toNanos() / alive);
      o.writeBooleanField("abandoned", a.abandoned());
    });
    g.writeEndObject();
  }
}
