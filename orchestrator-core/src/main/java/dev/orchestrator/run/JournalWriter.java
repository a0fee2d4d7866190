package dev.orchestrator.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.orchestrator.internal.OwnerOnlyFiles;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a run's state changes to {@code <runDir>/journal.jsonl}, one JSON object per line (the
 * format is in {@code docs/reliability.md}).
 *
 * <p>Agents do not wait for it: {@code post} adds an entry to a lock-free queue; one writer
 * thread turns whatever has queued into one batch of lines, writes it with one {@code write} call
 * and then syncs as the {@link JournalSync} policy says (group commit). Only when the disk falls
 * {@value #MAX_QUEUED} entries behind does a posting agent wait (backpressure) until the writer is
 * half-way through them, so that a slow disk slows the run down instead of filling the heap. If
 * writing fails, the run is told (it cancels itself, so that it can be resumed from what the
 * journal holds) and later entries are dropped.
 */
final class JournalWriter {

  /** The journal's file name in a run directory. */
  static final String FILE_NAME = "journal.jsonl";
  /** The version of the format this class writes. */
  static final int FORMAT_VERSION = 1;
  /** The mapper of task outputs: plain JSON, no type information (no polymorphic typing). */
  static final JsonMapper OUTPUTS = JsonMapper.builder().build();

  private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final int BATCH_BYTES = 1 << 20;
  /** The most entries queued before posting agents wait for the writer. */
  static final int MAX_QUEUED = 65_536;

  /** One line of the journal. */
  @FunctionalInterface
  interface Entry {
    void write(JsonGenerator json) throws IOException;
  }

  /** A task's output as journaled: its JSON, or why it could not be written as JSON. */
  record Output(String json, String error) {}

  private final Path file;
  private final FileChannel channel;
  private final JournalSync sync;
  private final Consumer<IOException> onFailure;
  private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.locks.ReentrantLock room = new java.util.concurrent.locks.ReentrantLock();
  private final java.util.concurrent.locks.Condition roomFreed = room.newCondition();
  private volatile boolean full;
  private long backpressureWaits;
  private final Thread thread;
  private final Buffer buffer = new Buffer();
  private final JsonGenerator json;
  private volatile boolean waiting;
  private volatile boolean closing;
  private volatile IOException failure;
  private final EngineClock clock;
  private long lastSync;
  private long lines;
  private long syncs;

  private JournalWriter(Path file, FileChannel channel, JournalSync sync,
      Consumer<IOException> onFailure, String runId, EngineClock clock) throws IOException {
    this.clock = clock;
    this.lastSync = clock.nanoTime();
    this.file = file;
    this.channel = channel;
    this.sync = sync;
    this.onFailure = onFailure;
    this.json = FACTORY.createGenerator(buffer);
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    json.setRootValueSeparator(null); // each entry ends with its own newline, nothing before it
    this.thread = Thread.ofPlatform().daemon(true).name("orchestrator-journal-" + runId)
        .unstarted(this::loop);
  }

  /**
   * Starts a new journal in {@code directory} (created owner-only if missing).
   *
   * @throws IllegalArgumentException if the directory already holds a journal
   * @throws IOException if the file cannot be created
   */
  static JournalWriter create(Path directory, JournalSync sync, Consumer<IOException> onFailure,
      String runId, EngineClock clock) throws IOException {
    OwnerOnlyFiles.createDirectories(directory);
    Path file = directory.resolve(FILE_NAME);
    if (Files.exists(file) && Files.size(file) > 0) {
      throw new IllegalArgumentException("run directory " + directory + " already holds a journal ("
          + Files.size(file) + " bytes): resume it with Orchestrator.resume(" + directory
          + ", workflow), or run in an empty directory");
    }
    if (!Files.exists(file)) {
      OwnerOnlyFiles.createFile(file);
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new JournalWriter(file, channel, sync, onFailure, runId, clock);
  }

  /**
   * Continues a journal after {@code validLength} bytes: a torn tail a crash left behind is cut
   * off, and a last line that lacks its newline gets one.
   */
  static JournalWriter resume(Path file, long validLength, boolean needsNewline, JournalSync sync,
      Consumer<IOException> onFailure, String runId, EngineClock clock) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
    try {
      if (channel.size() > validLength) {
        LOG.warn("{}: cutting a torn last line ({} bytes) left by a crash", file,
            channel.size() - validLength);
        channel.truncate(validLength);
      }
      channel.position(validLength);
      if (needsNewline) {
        channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new JournalWriter(file, channel, sync, onFailure, runId, clock);
  }

  Path file() {
    return file;
  }

  /** Writes the header line at once (before any other) and starts the writer thread. */
  JournalWriter start(String runId, String plan, int tasks, boolean resumed, int restored)
      throws IOException {
    entry(json -> {
      json.writeStringField("type", "run");
      json.writeNumberField("version", FORMAT_VERSION);
      json.writeStringField("run", runId);
      json.writeStringField("plan", plan);
      json.writeNumberField("tasks", tasks);
      json.writeStringField("time", clock.instant().toString());
      json.writeBooleanField("resumed", resumed);
      if (resumed) {
        json.writeNumberField("restored", restored);
      }
    }).write(json);
    json.writeRaw('\n');
    lines++;
    writeBatch(true);
    thread.start();
    return this;
  }

  // ------------------------------------------------------------------ entries

  void started(String task, int attempt, String agent) {
    post(json -> {
      json.writeStringField("type", "start");
      json.writeStringField("task", task);
      json.writeNumberField("attempt", attempt);
      json.writeStringField("agent", agent);
    });
  }

  void retry(String task, int attempt, String error, Duration delay) {
    post(json -> {
      json.writeStringField("type", "retry");
      json.writeStringField("task", task);
      json.writeNumberField("attempt", attempt);
      json.writeStringField("error", error);
      json.writeStringField("delay", delay.toString());
    });
  }

  /**
   * A task reached its terminal state.
   *
   * @param output the journaled output of a succeeded task whose output a DATA dependent reads, or
   *     null
   */
  void ended(String task, TaskState state, int attempts, String cause, Output output) {
    post(json -> {
      json.writeStringField("type", "end");
      json.writeStringField("task", task);
      json.writeStringField("state", state.name());
      json.writeNumberField("attempts", attempts);
      if (cause != null) {
        json.writeStringField("cause", cause);
      }
      if (output != null) {
        if (output.json() != null) {
          json.writeFieldName("output");
          json.writeRawValue(output.json());
        } else {
          json.writeStringField("outputError", output.error());
        }
      }
    });
  }

  void pool(RunEvent.ScalingAdjustment adjustment) {
    post(json -> {
      json.writeStringField("type", "pool");
      json.writeNumberField("from", adjustment.fromAgents());
      json.writeNumberField("to", adjustment.toAgents());
      json.writeStringField("reason", adjustment.reason());
    });
  }

  void analysis(RunEvent.FailureAnalysis analysis) {
    post(json -> {
      json.writeStringField("type", "analysis");
      json.writeStringField("classification", analysis.classification().label());
      json.writeStringField("action", analysis.action());
      json.writeStringField("evidence", analysis.evidence());
      json.writeNumberField("tasks", analysis.tasks().size());
    });
  }

  void alert(RunEvent.ResourceAlert alert) {
    post(json -> {
      json.writeStringField("type", "alert");
      json.writeStringField("resource", alert.resource().label());
      json.writeNumberField("utilization", alert.utilization());
      json.writeStringField("message", alert.message());
    });
  }

  void stall(RunEvent.TaskStalled stall) {
    post(json -> {
      json.writeStringField("type", "stall");
      json.writeStringField("task", stall.taskId());
      json.writeNumberField("attempt", stall.attempt());
      json.writeStringField("silentFor", stall.silentFor().toString());
      json.writeStringField("action", stall.action());
    });
  }

  void compensated(RunEvent.TaskCompensated compensation) {
    post(json -> {
      json.writeStringField("type", "compensated");
      json.writeStringField("task", compensation.taskId());
      json.writeBooleanField("ok", compensation.succeeded());
      if (compensation.error().isPresent()) {
        json.writeStringField("error", compensation.error().get());
      }
    });
  }

  void finished(RunReport report) {
    post(json -> {
      json.writeStringField("type", "finished");
      json.writeNumberField("tasks", report.taskCount());
      for (TaskState state : TaskState.values()) {
        if (state.isTerminal()) {
          json.writeNumberField(state.name().toLowerCase(java.util.Locale.ROOT), report.count(state));
        }
      }
      json.writeBooleanField("cancelled", report.wasCancelled());
    });
  }

  /** The output of a task as JSON, on the agent's thread (the value is not shared yet). */
  static Output encode(Object value) {
    try {
      return new Output(OUTPUTS.writeValueAsString(value), null);
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage();
      int end = message == null ? -1 : message.indexOf('\n');
      return new Output(null, e.getClass().getSimpleName() + ": "
          + (message == null ? "" : end < 0 ? message : message.substring(0, end)));
    }
  }

  private static Entry entry(Entry body) {
    return json -> {
      json.writeStartObject();
      body.write(json);
      json.writeEndObject();
    };
  }

  /** Queues an entry; never blocks. */
  void post(Entry body) {
    if (failure != null || closing) {
      return;
    }
    queue.add(entry(body));
    if (waiting) {
      waiting = false;
      LockSupport.unpark(thread);
    }
    if (queued.incrementAndGet() > MAX_QUEUED) {
      awaitRoom();
    }
  }

  /** The writer is {@value #MAX_QUEUED} entries behind: wait until it is half-way through them. */
  private void awaitRoom() {
    room.lock();
    try {
      backpressureWaits++;
      full = true;
      while (queued.get() > MAX_QUEUED / 2 && failure == null && !closing) {
        roomFreed.awaitNanos(10_000_000); // timed: a missed signal costs 10 ms, not a hang
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's cancel: stop waiting, keep the entry
    } finally {
      room.unlock();
    }
  }

  private void roomMade() {
    if (full && (queued.get() <= MAX_QUEUED / 2 || failure != null)) {
      room.lock();
      try {
        full = false;
        roomFreed.signalAll();
      } finally {
        room.unlock();
      }
    }
  }

  // ------------------------------------------------------------------ the writer thread

  private void loop() {
    try {
      while (true) {
        Entry entry = queue.poll();
        if (entry == null) {
          if (buffer.size() > 0) {
            writeBatch(false);
            continue;
          }
          if (closing && queue.isEmpty()) {
            return;
          }
          waiting = true;
          if (queue.isEmpty() && !closing) {
            LockSupport.park(this);
          }
          waiting = false;
          continue;
        }
        entry.write(json);
        json.writeRaw('\n');
        lines++;
        queued.decrementAndGet();
        if (buffer.size() >= BATCH_BYTES) {
          json.flush();
          writeBatch(false);
        }
      }
    } catch (IOException e) {
      failure = e;
      queue.clear();
      roomMade();
      LOG.error("run journal {} cannot be written", file, e);
      onFailure.accept(e);
    }
  }

  /** Writes the buffered lines with one write call and syncs as the policy says. */
  private void writeBatch(boolean forceSync) throws IOException {
    json.flush();
    ByteBuffer bytes = ByteBuffer.wrap(buffer.bytes(), 0, buffer.size());
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    buffer.reset();
    roomMade();
    long now = clock.nanoTime();
    if ((forceSync && sync.syncsOnClose()) || sync.due(now - lastSync)) {
      channel.force(false);
      lastSync = now;
      syncs++;
    }
  }

  /**
   * Writes what is queued, syncs (unless the policy is never) and closes the file. Waits for the
   * writer thread; call it with no lock held that the failure callback could need.
   */
  void close() {
    closing = true;
    LockSupport.unpark(thread);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      if (failure == null) {
        writeBatch(true);
      }
      channel.close();
    } catch (IOException e) {
      LOG.error("run journal {} could not be closed cleanly", file, e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Lines written (or buffered) so far, the header included. */
  long lines() {
    return lines;
  }

  /** How often a posting agent waited for the writer (backpressure). */
  long backpressureWaits() {
    room.lock();
    try {
      return backpressureWaits;
    } finally {
      room.unlock();
    }
  }

  /** Syncs made so far. */
  long syncs() {
    return syncs;
  }

  /** Whether writing failed. */
  boolean failed() {
    return failure != null;
  }

  /** A byte buffer whose array the writer hands to the channel without a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(64 * 1024);
    }

    byte[] bytes() {
      return buf;
    }
  }

  static UncheckedIOException unchecked(String what, IOException e) {
    return new UncheckedIOException(what + ": " + e.getMessage(), e);
  }
}
