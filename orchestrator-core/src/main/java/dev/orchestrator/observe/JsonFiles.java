package dev.orchestrator.observe;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.orchestrator.plan.internal.FileNames;
import dev.orchestrator.plan.internal.OwnerOnlyFiles;
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
      g.writeArrayFieldStart("resources");
      for (RunEvent.ResourceAlert a : s.resources()) {
        g.writeStartObject();
        g.writeStringField("time", a.time().toString());
        g.writeStringField("resource", a.resource());
        g.writeNumberField("utilization", a.utilization());
        g.writeStringField("message", a.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (s.failureAnalysis().isPresent()) {
        RunEvent.FailureAnalysis a = s.failureAnalysis().get();
        g.writeObjectFieldStart("failureAnalysis");
        g.writeStringField("time", a.time().toString());
        g.writeStringField("classification", a.classification());
        g.writeArrayFieldStart("tasks");
        for (String t : a.tasks()) {
          g.writeString(t);
        }
        g.writeEndArray();
        g.writeStringField("action", a.action());
        g.writeEndObject();
      } else {
        g.writeNullField("failureAnalysis");
      }
      g.writeArrayFieldStart("recentFailures");
      for (String f : s.recentFailures()) {
        g.writeString(f);
      }
      g.writeEndArray();
      g.writeNumberField("eventsDropped", s.eventsDropped());
      g.writeEndObject();
    });
  }

  private static void adjustments(JsonGenerator g, List<RunEvent.ScalingAdjustment> list)
      throws IOException {
    g.writeArrayFieldStart("adjustments");
    for (RunEvent.ScalingAdjustment a : list) {
      g.writeStartObject();
      g.writeStringField("time", a.time().toString());
      g.writeNumberField("fromAgents", a.fromAgents());
      g.writeNumberField("toAgents", a.toAgents());
      g.writeStringField("reason", a.reason());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** The failure analyses, resource alerts, stalls and compensations of a run (reliability.md). */
  private static void resilience(JsonGenerator g, RunReport r) throws IOException {
    g.writeArrayFieldStart("failureAnalyses");
    for (RunEvent.FailureAnalysis a : r.failureAnalyses()) {
      g.writeStartObject();
      g.writeStringField("time", a.time().toString());
      g.writeStringField("classification", a.classification());
      g.writeStringField("action", a.action());
      g.writeStringField("evidence", a.evidence());
      g.writeArrayFieldStart("tasks");
      for (String task : a.tasks()) {
        g.writeString(task);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("resourceAlerts");
    for (RunEvent.ResourceAlert a : r.resourceAlerts()) {
      g.writeStartObject();
      g.writeStringField("time", a.time().toString());
      g.writeStringField("resource", a.resource());
      g.writeNumberField("utilization", a.utilization());
      g.writeStringField("message", a.message());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("stalls");
    for (RunEvent.TaskStalled st : r.stalls()) {
      g.writeStartObject();
      g.writeStringField("time", st.time().toString());
      g.writeStringField("task", st.taskId());
      g.writeNumberField("attempt", st.attempt());
      g.writeStringField("agent", st.agent());
      g.writeNumberField("silentMillis", ms(st.silentFor()));
      g.writeStringField("action", st.action());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("compensations");
    for (RunEvent.TaskCompensated c : r.compensations()) {
      g.writeStartObject();
      g.writeStringField("time", c.time().toString());
      g.writeStringField("task", c.taskId());
      g.writeBooleanField("succeeded", c.succeeded());
      g.writeNumberField("durationMillis", ms(c.duration()));
      g.writeStringField("error", c.error().orElse(null));
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  // ------------------------------------------------------------------ manifests

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
      g.writeArrayFieldStart("artifacts");
      for (Artifact a : artifacts) {
        g.writeStartObject();
        g.writeStringField("path", a.path().toString());
        g.writeNumberField("sizeBytes", a.sizeBytes());
        g.writeStringField("sha256", a.sha256());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("acceptanceCriteria");
      boolean allMet = true;
      for (Criterion c : criteria) {
        g.writeStartObject();
        g.writeStringField("criterion", c.criterion());
        g.writeBooleanField("met", c.met());
        g.writeStringField("evidence", c.evidence());
        g.writeEndObject();
        allMet &= c.met();
      }
      g.writeEndArray();
      g.writeBooleanField("criteriaMet", allMet);
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

  static void report(Path file, RunReport r) throws IOException {
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
      g.writeArrayFieldStart("bottlenecks");
      for (RunMetrics.Bottleneck b : m.bottlenecks()) {
        g.writeStartObject();
        g.writeStringField("kind", b.kind().name());
        g.writeStringField("subject", b.subject());
        g.writeStringField("finding", b.finding());
        g.writeStringField("recommendation", b.recommendation());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("recommendations");
      for (String rec : m.recommendations()) {
        g.writeString(rec);
      }
      g.writeEndArray();
      pool(g, r.pool());
      adjustments(g, r.adjustments());
      resilience(g, r);
      g.writeArrayFieldStart("queueDepth");
      for (QueueSample q : r.queueDepth()) {
        g.writeStartObject();
        g.writeNumberField("timeMillis", ms(q.time()));
        g.writeNumberField("ready", q.ready());
        g.writeNumberField("running", q.running());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("eventsDropped", r.eventsDropped());
      g.writeArrayFieldStart("tasks");
      for (int i = 0; i < r.taskCount(); i++) {
        TaskOutcome t = r.tasks().get(i);
        g.writeStartObject();
        g.writeStringField("id", t.taskId());
        g.writeStringField("state", t.state().name());
        g.writeNumberField("attempts", t.attempts());
        millis(g, "startedMillis", t.started());
        millis(g, "finishedMillis", t.finished());
        string(g, "agent", t.agent());
        string(g, "cause", t.cause());
        string(g, "parent", t.parent());
        g.writeStringField("manifest", manifestName(t.taskId()));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void metrics(JsonGenerator g, RunMetrics m) throws IOException {
    g.writeObjectFieldStart("metrics");
    g.writeNumberField("totalWorkMillis", ms(m.totalWork()));
    g.writeNumberField("criticalPathMillis", ms(m.criticalPath()));
    g.writeArrayFieldStart("criticalPath");
    for (String id : m.criticalPathTasks()) {
      g.writeString(id);
    }
    g.writeEndArray();
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
    g.writeArrayFieldStart("agents");
    for (AgentStatistics a : p.agents()) {
      g.writeStartObject();
      g.writeStringField("name", a.name());
      g.writeNumberField("tasks", a.tasks());
      g.writeNumberField("busyMillis", ms(a.busy()));
      g.writeNumberField("aliveMillis", ms(a.alive()));
      long alive = a.alive().toNanos();
      g.writeNumberField("utilization", alive == 0 ? 0 : (double) a.busy().toNanos() / alive);
      g.writeBooleanField("abandoned", a.abandoned());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
