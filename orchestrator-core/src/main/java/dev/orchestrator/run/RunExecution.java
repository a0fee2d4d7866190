package dev.orchestrator.run;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunFiles;
import dev.orchestrator.observe.RunListener;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.schedule.Dispatcher;
import dev.orchestrator.schedule.RunState;
import dev.orchestrator.schedule.PriorityOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * One run: the threaded shell around the run's {@link RunState}, which makes every decision (which
 * task starts next, retry or fail, FAIL_FAST, cancel, spawning, a parent's end after its children,
 * compensation order). The shell holds what a decision cannot: threads, the clock, the timer, the
 * report, the journal and the listeners. It is wired from pieces with one idea each, all guarded by
 * the run's one {@link #lock}:
 *
 * <ul>
 *   <li>{@link AgentPool}: the agents' threads, their start and end, idling and waking, resizing;
 *   <li>{@link AgentLoop}: what an agent does: claim, run, record, in one lock hold per task;
 *   <li>{@link BatchClaims}: batched dispatch of short tasks and stealing from batches;
 *   <li>{@link AttemptTimers}: timeouts, stall cancels, abandonment, retry delays, grace periods;
 *   <li>{@link AttemptCompletion}: an ended attempt handed to the run state, and its effects;
 *   <li>{@link Recorder} and {@link RunJournal}: the live report, counters, events and journal;
 *   <li>{@link TaskServices}: what a task's context asks of the run (inputs, spawning, channel);
 *   <li>{@link RunControl}: pause, resume, cancel, resize, groups, and the supervisor's hooks;
 *   <li>{@link RunCompletion}: the run's end: rollback, the report, its publication.
 * </ul>
 *
 * <p>The time it reads and the timers it sets come from its {@link EngineClock}.
 */
final class RunExecution implements Run {

  private static final AtomicLong RUN_IDS = new AtomicLong();

  final String id;
  final Plan plan;
  final TaskGraph graph;
  final int n;
  final RunOptions options;
  final ReentrantLock lock = new ReentrantLock();
  final EngineClock clock;
  final Scheduler timer; // the run's own: shut down when the run ends
  final long startNanos;
  final Instant startTime;
  final RunState state;
  final Dispatcher dispatcher; // the run state's, for queries and claims
  final RunReport.Builder record;
  final EventBus events; // null when nobody listens
  final FailureSupervisor supervisor; // null when failure adaptation is off
  final CompletableFuture<RunReport> done = new CompletableFuture<>();

  final RunJournal journal;
  final Recorder recorder;
  final TaskServices services;
  final AgentPool pool;
  final BatchClaims claims;
  final AgentLoop loop;
  final AttemptTimers timers;
  final AttemptCompletion completion;
  final RunControl control;
  final RunCompletion end;

  // The run's phase; guarded by lock (cancelRequested is also read by agents starting a task).
  boolean paused;
  boolean analysing; // paused while the supervisor classifies failures
  volatile boolean cancelRequested;
  boolean over;

  /**
   * A run that first restores the tasks a journal says succeeded ({@code replay}, or null).
   *
   * @throws java.io.UncheckedIOException if the run journal cannot be opened
   */
  RunExecution(Plan plan, RunOptions options, JournalReader.Replay replay, EngineClock clock) {
    this.clock = clock;
    this.id = "run-" + RUN_IDS.incrementAndGet();
    this.timer = clock.newScheduler("orchestrator-timer-" + id);
    this.plan = plan;
    this.graph = PlanInternals.graph(plan);
    this.n = graph.size();
    this.options = options;
    this.journal = new RunJournal(this, replay); // first: if it fails, nothing has started
    this.startTime = clock.instant();
    this.startNanos = clock.nanoTime();
    List<RunListener> listeners = new ArrayList<>(options.listeners());
    if (options.reportFiles()) {
      options.runDirectory().ifPresent(dir ->
          listeners.add(RunFiles.in(dir).withDashboardInterval(options.dashboardInterval())
              .withEveryManifest(options.everyManifest())));
    }
    this.events = listeners.isEmpty()
        ? null : new EventBus(id, startTime, lock, listeners, options.eventBuffer());
    Dispatcher.Settings settings = new Dispatcher.Settings(plan.mode().hasBarriers(),
        plan.concurrencyLimit(), options.agingInterval().toNanos());
    PriorityOrder.Order chosen = PriorityOrder.order(graph, settings, options.agents());
    this.record = RunReport.builder(id, plan.name(), plan.mode(), startTime,
        new java.util.AbstractList<>() {
          @Override
          public String get(int index) {
            return graph.id(index);
          }

          @Override
          public int size() {
            return n;
          }
        });
    record.plan(plan);
    this.recorder = new Recorder(this, chosen, settings);
    this.services = new TaskServices(this);
    this.pool = new AgentPool(this);
    this.claims = new BatchClaims(this);
    this.loop = new AgentLoop(this);
    this.timers = new AttemptTimers(this);
    this.completion = new AttemptCompletion(this);
    this.control = new RunControl(this);
    this.end = new RunCompletion(this);
    this.state = new RunState(graph, chosen.order(), settings,
        options.failurePolicy() == FailurePolicy.FAIL_FAST, JITTER, completion);
    this.dispatcher = state.dispatcher();
    if (options.failureAdaptation().enabled()) {
      RunGuard guard = new RunGuard(this);
      this.supervisor = new FailureSupervisor(options.failureAdaptation(), guard);
      guard.supervisor(supervisor);
    } else {
      this.supervisor = null;
    }
  }

  /** Retry jitter from the calling thread's generator, as the engine always drew it. */
  private static final RandomGenerator JITTER = () -> ThreadLocalRandom.current().nextLong();

  /** Starts the agents; the run goes on in the background. */
  RunExecution start() {
    Agent[] created;
    lock.lock();
    try {
      post(() -> new RunEvent.RunStarted(id, time(now()), plan.name(), n, options.agents(), plan.mode()));
      post(() -> new RunEvent.PlanReady(id, time(now()), plan, options.agents(), recorder.estimate(),
          recorder.estimateSource(), dispatcher.waves().count(), this));
      journal.restore();
      record.queueSample(0, dispatcher.ready(), 0);
      created = pool.addAll(options.agents());
      if (state.isDone()) {
        end.finishLocked();
      }
      timers.watchStalls(StallWatch.period(plan.tasks(), options.stallTimeout().orElse(null)));
      end.pressure(PressureSampling.start(this, options.resourcePressure()));
    } finally {
      lock.unlock();
    }
    // Started outside the lock: the first agents take work while the rest start (a thousand
    // agents took milliseconds to start, and nothing ran meanwhile).
    for (Agent agent : created) {
      agent.thread.start();
    }
    return this;
  }

  /** Nanoseconds since the run started, on its clock. */
  long now() {
    return clock.nanoTime() - startNanos;
  }

  /** The wall-clock time of a moment of the run, from its start and the monotonic offset. */
  Instant time(long nanos) {
    return startTime.plusNanos(nanos);
  }

  /** The wall-clock time now, on the run's clock. */
  Instant timeNow() {
    return time(now());
  }

  /** Whether agents may not start tasks now: paused, classifying failures, or cancelling. */
  boolean halted() {
    return paused || analysing || cancelRequested;
  }

  void post(java.util.function.Supplier<RunEvent> event) {
    if (events != null) {
      events.post(event.get());
    }
  }

  /** Runs {@code action} under the lock; for the pieces' short critical sections. */
  void locked(Runnable action) {
    locked(() -> {
      action.run();
      return null;
    });
  }

  /** Reads {@code value} under the lock. */
  <T> T locked(java.util.function.Supplier<T> value) {
    lock.lock();
    try {
      return value.get();
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ Run

  @Override
  public String id() {
    return id;
  }

  @Override
  public Plan plan() {
    return plan;
  }

  @Override
  public int total() {
    return recorder.totalCount;
  }

  @Override
  public int pending() {
    return Math.max(0, recorder.pendingCount);
  }

  @Override
  public int running() {
    return Math.max(0, recorder.runningCount);
  }

  @Override
  public int succeeded() {
    return terminalCount(TaskState.SUCCEEDED);
  }

  @Override
  public int failed() {
    return terminalCount(TaskState.FAILED);
  }

  @Override
  public int skipped() {
    return terminalCount(TaskState.SKIPPED);
  }

  @Override
  public int cancelled() {
    return terminalCount(TaskState.CANCELLED);
  }

  private int terminalCount(TaskState state) {
    if (done.isDone()) {
      return done.join().count(state);
    }
    return locked(() -> recorder.terminalCount(state));
  }

  @Override
  public int agents() {
    return locked(pool::live);
  }

  @Override
  public void pause() {
    control.pause();
  }

  @Override
  public void resume() {
    control.resume();
  }

  @Override
  public void pauseGroup(String group) {
    control.pauseGroup(group);
  }

  @Override
  public boolean resumeGroup(String group) {
    return control.resumeGroup(group);
  }

  @Override
  public List<String> pausedGroups() {
    return control.pausedGroups();
  }

  @Override
  public boolean isPaused() {
    return control.isPaused();
  }

  @Override
  public void cancel() {
    control.cancel();
  }

  @Override
  public void resize(int agentCount, String reason) {
    control.resize(agentCount, reason);
  }

  @Override
  public boolean isDone() {
    return done.isDone();
  }

  /** Whether this run makes per-task events for tasks that succeed (for tests). */
  boolean eventsEveryTask() {
    return events != null && events.everyTask();
  }

  /** The run's journal writer, or null (for tests). */
  JournalWriter journal() {
    return journal.writer();
  }

  @Override
  public Duration plannedWorkDone() {
    return Duration.ofNanos(recorder.workDone);
  }

  @Override
  public RunReport await() throws InterruptedException {
    try {
      return done.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("run " + id + " failed", e.getCause());
    }
  }

  @Override
  public Optional<RunReport> await(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(done.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("run " + id + " failed", e.getCause());
    }
  }

  @Override
  public CompletionStage<RunReport> completion() {
    return done.minimalCompletionStage();
  }

  @Override
  public String toString() {
    return "Run[" + id + ", " + plan.name() + ", " + finished() + "/" + total() + " finished]";
  }
}
