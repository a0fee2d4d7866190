package dev.orchestrator.run;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.observe.AgentStatistics;
import dev.orchestrator.observe.PoolStatistics;
import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunFiles;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.observe.TaskState;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.schedule.Dispatcher;
import dev.orchestrator.schedule.MakespanBounds;
import dev.orchestrator.schedule.PriorityOrder;
import dev.orchestrator.task.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of one run: the dispatch state machine under one lock, the agents that pull work
 * from it, the timer for retries, timeouts and grace periods, and the live report.
 *
 * <p>Agents pull: an agent that finishes a task records it and asks the dispatcher for its next
 * task while still holding the lock, so a successor it just made ready starts on it with no
 * hand-off (one lock acquisition per task in the steady state). When more tasks are ready than the
 * finishing agent can take, idle agents are woken to take (steal) them. Nothing an agent runs holds
 * the lock: task actions run outside it.
 *
 * <p>Batches: while an agent's tasks are short (the last took under {@link #SHORT_TASK_NANOS}) and
 * far more tasks are ready than agents, it claims up to {@link #MAX_BATCH} at once under one lock
 * hold: exactly the tasks that as many {@code next} calls would return, in the policy's order (a
 * critical task, a barrier or the concurrency limit ends a batch as it ends those calls). It runs
 * them back to back and records their outcomes together, at the end of the batch or every
 * {@link #RECORD_INTERVAL_NANOS} (at once after a failure), so that successors wait no longer than
 * that. Idle agents steal the batch's next task, so a batch never holds work an idle agent could
 * do; pause, cancel and an abandoned agent give back what is left of batches.
 */
final class RunExecution implements Run {

  private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
  private static final AtomicLong RUN_IDS = new AtomicLong();

  /** The most tasks an agent claims at once. */
  static final int MAX_BATCH = 64;
  /**
   * An agent claims batches only while its last task took less than this: below it the lock and
   * the hand-over cost as much as the task; above it one task per lock hold costs nothing.
   */
  static final long SHORT_TASK_NANOS = 20_000;
  /** A batch's outcomes are recorded at least this often (nanoseconds of running). */
  static final long RECORD_INTERVAL_NANOS = 50_000;

  private final String id;
  private final Plan plan;
  private final TaskGraph graph;
  private final int n;
  private final RunOptions options;
  private final ReentrantLock lock = new ReentrantLock();
  private final Dispatcher dispatcher;
  private final RunReport.Builder record;
  private final long startNanos;
  private final Instant startTime;
  private final EventBus events;
  private final CompletableFuture<RunReport> done = new CompletableFuture<>();
  private Duration estimate;
  private String estimateSource;

  // Guarded by lock.
  private Object[] outputs;
  private final List<TaskSpec> spawned = new ArrayList<>();
  private final Map<String, Integer> spawnedIds = new HashMap<>();
  private final Map<Integer, Throwable> lastError = new HashMap<>();
  private final Map<Integer, String> failureCause = new HashMap<>();
  private final Map<Integer, Long> childFinish = new HashMap<>(); // parent -> its latest child's end
  private int[] releasedBy;
  private int finishingAgent = -1; // the agent whose completion is being processed
  private long completing = -1; // the time of the completion being processed, or -1
  private final List<Agent> agents = new ArrayList<>();
  private final ArrayDeque<Agent> idle = new ArrayDeque<>();
  private final List<Agent> batched = new ArrayList<>(); // agents whose batch may have tasks left
  private int live; // agents started and not retired, exited or abandoned
  private int peak;
  private int target;
  private int waking;
  private int threads; // agent threads that have not exited (abandoned ones excluded)
  private boolean paused;
  private volatile boolean cancelRequested; // also read by agents starting a claimed task
  private String cancelCause = "the run was cancelled";
  private boolean over;
  private long handOffs;
  private long steals;
  private int abandonedAttempts;
  private long endNanos = -1;
  private final EngineClock clock;
  private final Scheduler timer; // the run's: shut down when the run ends
  private RunChannel channel;

  // Resilience (docs/reliability.md). The pool in force is the smallest of what was asked for and
  // the caps the failure supervisor and the resource monitor set.
  private int requested;
  private int failureCap = Integer.MAX_VALUE;
  private int pressureCap = Integer.MAX_VALUE;
  private final FailureSupervisor supervisor; // null when failure adaptation is off
  private boolean analysing; // paused while the supervisor classifies failures
  private GroupHolds holds; // made when a group is first paused
  private int retryWaits; // retries waiting out a delay on the timer
  private int[] compensable = new int[0]; // succeeded tasks with a compensation, in completion order
  private int compensableCount;
  private boolean rollbackPending;
  private boolean finishing;
  private final JournalReader.Replay replay; // what a resumed run restores, or null
  private JournalWriter journal; // null when the run keeps no journal
  private boolean[] dataSource; // tasks whose output a DATA dependent reads (journaled runs only)
  private Map<Integer, JournalWriter.Output> journalOutputs;
  private boolean restoring;

  // Read without the lock by the live counters.
  private volatile int pendingCount;
  private volatile int runningCount;
  private final int[] terminalCounts = new int[TaskState.values().length];
  private volatile int totalCount;
  private volatile long workDone; // planned nanoseconds of the plan tasks that ended; written under lock

  /**
   * A run that first restores the tasks a journal says succeeded ({@code replay}, or null).
   *
   * @throws java.io.UncheckedIOException if the run journal cannot be opened
   */
  RunExecution(Plan plan, RunOptions options, JournalReader.Replay replay, EngineClock clock) {
    this.replay = replay;
    this.clock = clock;
    this.id = "run-" + RUN_IDS.incrementAndGet();
    this.timer = clock.newScheduler("orchestrator-timer-" + id);
    this.plan = plan;
    this.graph = PlanInternals.graph(plan);
    this.n = graph.size();
    this.options = options;
    if (options.journal()) { // first: if it fails, nothing has started
      openJournal(options.runDirectory().orElseThrow());
    }
    this.startTime = clock.instant();
    this.startNanos = clock.nanoTime();
    List<dev.orchestrator.observe.RunListener> listeners = new ArrayList<>(options.listeners());
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
    int[] order = chosen.order();
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
    estimate(chosen, settings);
    this.outputs = new Object[Math.max(1, n)];
    this.releasedBy = new int[Math.max(1, n)];
    java.util.Arrays.fill(releasedBy, -1);
    this.pendingCount = n;
    this.totalCount = n;
    this.dispatcher = new Dispatcher(graph, order, settings, new DispatchEvents());
    if (options.failureAdaptation().enabled()) {
      RunGuard guard = new RunGuard(this);
      this.supervisor = new FailureSupervisor(options.failureAdaptation(), guard);
      guard.supervisor(supervisor);
    } else {
      this.supervisor = null;
    }
  }

  /**
   * The predicted makespan, for the report and the dashboard's ETA: the plan's preview when it was
   * made for this agent count, else the simulated makespan of the order just chosen (the same
   * policy on a virtual clock), else, for plans too large to simulate, the makespan lower bound.
   */
  private void estimate(PriorityOrder.Order chosen, Dispatcher.Settings settings) {
    var preview = plan.preview().filter(p -> p.agents() == options.agents());
    if (preview.isPresent()) {
      estimate = preview.get().waves().estimatedTime();
      estimateSource = preview.get().waves().estimateSource();
    } else if (chosen.makespan() >= 0) {
      estimate = Duration.ofNanos(chosen.makespan());
      estimateSource = "simulated";
    } else {
      int effective = Math.min(options.agents(), settings.concurrencyLimit());
      estimate = Duration.ofNanos(MakespanBounds.of(graph).atLeast(effective));
      estimateSource = "makespan lower bound";
    }
    record.estimate(estimate, estimateSource);
  }

  /** Starts the agents; the run goes on in the background. */
  RunExecution start() {
    Agent[] created;
    lock.lock();
    try {
      post(() -> new RunEvent.RunStarted(id, time(now()), plan.name(), n, options.agents(), plan.mode()));
      post(() -> new RunEvent.PlanReady(id, time(now()), plan, options.agents(), estimate,
          estimateSource, dispatcher.waves().count(), this));
      if (replay != null) {
        restore();
      }
      record.queueSample(0, dispatcher.ready(), 0);
      target = options.agents();
      created = new Agent[target];
      requested = target;
      for (int i = 0; i < target; i++) {
        created[i] = addAgent();
      }
      if (dispatcher.isDone()) {
        finishLocked();
      }
      watchStalls(StallWatch.period(plan.tasks(), options.stallTimeout().orElse(null)));
      pressure = PressureSampling.start(this, options.resourcePressure());
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

  long now() {
    return clock.nanoTime() - startNanos;
  }

  /** The wall-clock time of a moment of the run, from its start and the monotonic offset. */
  private Instant time(long nanos) {
    return startTime.plusNanos(nanos);
  }

  // ------------------------------------------------------------------ agents

  private void startAgent() {
    addAgent().thread.start();
  }

  /** Registers a new agent, its skills and its (unstarted) thread. Called with the lock. */
  private Agent addAgent() {
    int number = agents.size() + 1;
    AgentInfo info = new AgentInfo(number, "agent-" + number, id);
    Agent agent = new Agent(info, record.addAgent(info.name()), now());
    agents.add(agent);
    // Skills are known (and the dispatcher told) before the agent's thread runs, so that tasks
    // meant for it are not taken as "nobody has this skill" while it starts.
    try {
      @SuppressWarnings({"unchecked", "rawtypes"})
      Set<String> skills = Set.copyOf(((AgentFactory) options.agentFactory()).skills(info));
      agent.skills = skills;
    } catch (RuntimeException e) {
      LOG.warn("agent factory could not tell the skills of {} in {}; it has none", agent, id, e);
    }
    agent.slot = dispatcher.join(agent.skills);
    live++;
    threads++;
    peak = Math.max(peak, live);
    Thread.Builder builder = options.threads() == AgentThreads.PLATFORM
        ? Thread.ofPlatform().daemon(true) : Thread.ofVirtual();
    agent.thread = builder.name("orchestrator-" + info.name()).unstarted(() -> agentMain(agent));
    return agent;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void agentMain(Agent agent) {
    AgentFactory factory = options.agentFactory();
    try {
      agent.state = factory.create(agent.info);
      agent.stateReady = true;
    } catch (Throwable e) {
      agentFailedToStart(agent, e);
      return;
    }
    try {
      agentLoop(agent);
    } finally {
      if (!agent.abandoned) {
        try {
          factory.close(agent.state);
        } catch (Throwable e) {
          LOG.warn("closing the state of {} in {} failed; ignored", agent, id, e);
        }
        agentExited(agent);
      }
    }
  }

  private void agentFailedToStart(Agent agent, Throwable e) {
    LOG.warn("agent factory failed for {} in {}", agent, id, e);
    lock.lock();
    try {
      live--;
      dispatcher.leave(agent.slot);
      agent.endNanos = now();
      if (live == 0 && !over && !dispatcher.isDone()) {
        cancelLocked("no agent could start: " + e);
      }
    } finally {
      lock.unlock();
    }
    agentExited(agent);
  }

  private void agentExited(Agent agent) {
    lock.lock();
    try {
      agent.exited = true;
      if (agent.endNanos < 0) {
        agent.endNanos = now();
      }
      threads--;
      maybeComplete();
    } finally {
      lock.unlock();
    }
  }

  private void agentLoop(Agent agent) {
    lock.lock();
    try {
      while (true) {
        if (over) {
          return;
        }
        if (live > target) { // shrinking: this agent retires
          retire(agent);
          return;
        }
        long now = now();
        Agent.Attempt first = halted() ? null : claim(agent, now);
        if (first == null) {
          if (!over) { // a held task may have been the last one: the run can be over now
            waitForWork(agent);
          }
          continue;
        }
        Agent.Batch batch = first.stolen ? null : agent.batch;
        announce(agent, first, now);
        lock.unlock();
        boolean alive = runClaimed(agent, first, batch, now);
        lock.lock();
        if (!alive) {
          return; // abandoned: the run has replaced this agent and recorded its attempts
        }
        recordEnded(agent);
        wakeIdle(1);
        maybeComplete();
      }
    } finally {
      if (lock.isHeldByCurrentThread()) {
        lock.unlock();
      }
    }
  }

  /**
   * Claims the agent's next task, and a batch behind it when its tasks are short and far more are
   * ready than agents; else steals the next task of another agent's batch. Called with the lock.
   *
   * @return the first task to run, or null if there is none
   */
  private Agent.Attempt claim(Agent agent, long now) {
    int t = dispatcher.next(now, agent.slot);
    while (t != Dispatcher.NONE && holds != null && holds.hold(t)) {
      maybeComplete(); // a task of a paused group waits without an agent
      t = over ? Dispatcher.NONE : dispatcher.next(now, agent.slot);
    }
    if (t == Dispatcher.NONE) {
      return over ? null : steal(agent);
    }
    Agent.Attempt first = new Agent.Attempt(this, t, record.attempts(t) + 1, spec(t));
    int claimed = 1;
    // Leave most of the ready tasks to the other agents: a batch takes a quarter of an even share.
    int limit = agent.lastTaskNanos < SHORT_TASK_NANOS
        ? Math.min(MAX_BATCH, dispatcher.ready() / (4 * Math.max(1, live))) : 0;
    agent.batch = null;
    if (limit >= 1) {
      Agent.Attempt[] items = new Agent.Attempt[limit + 1];
      items[0] = first;
      while (claimed <= limit) {
        int u = dispatcher.next(now, agent.slot);
        if (u == Dispatcher.NONE) {
          break;
        }
        if (holds != null && holds.hold(u)) {
          continue;
        }
        items[claimed++] = new Agent.Attempt(this, u, record.attempts(u) + 1, spec(u));
      }
      if (claimed > 1) {
        agent.batch = new Agent.Batch(items, claimed, 1);
        if (!agent.listed) {
          agent.listed = true;
          batched.add(agent);
        }
      }
    }
    pendingCount -= claimed;
    runningCount += claimed;
    if (claimed > 1) {
      wakeIdle(0);
    }
    return first;
  }

  /** The next task of some agent's batch that this agent may run, taken; null if none. */
  private Agent.Attempt steal(Agent thief) {
    for (int i = 0; i < batched.size(); ) {
      Agent.Batch b = batched.get(i).batch;
      Agent.Attempt a;
      while (b != null && (a = b.peek()) != null) {
        if (!dispatcher.mayRun(thief.slot, a.task)) {
          break;
        }
        if (b.take(a)) {
          a.stolen = true;
          return a;
        }
      }
      if (b == null || b.isEmpty()) {
        batched.get(i).listed = false;
        batched.set(i, batched.get(batched.size() - 1));
        batched.remove(batched.size() - 1);
      } else {
        i++;
      }
    }
    return null;
  }

  /**
   * Runs a claimed task and, if it heads a batch, the batch's next ones until none is left (other
   * agents may steal some meanwhile). Called without the lock; the outcomes wait in the agent's
   * list for {@link #recordEnded}, which runs every {@link #RECORD_INTERVAL_NANOS} and after a
   * failure. One clock reading per task: a task starts when the one before it ended.
   *
   * @return false if the agent was abandoned (it must leave without touching the run)
   */
  private boolean runClaimed(Agent agent, Agent.Attempt first, Agent.Batch batch, long start) {
    Agent.Attempt attempt = first;
    long recordedAt = start;
    while (true) {
      attempt.started = start;
      attempt.heartbeat = start;
      attempt.agent = agent;
      agent.attempt = attempt;
      if (cancelRequested) {
        // Cancelled between the claim and now: the task never starts (cancel gives back the rest).
        if (!agent.endAttempt(attempt)) {
          return false;
        }
        attempt.notStarted = true;
        agent.ended(attempt);
        return true;
      }
      started(agent, attempt);
      Object result = null;
      Throwable error = null;
      try {
        result = execute(agent, attempt);
      } catch (Throwable e) {
        error = e;
      }
      if (dataSource != null && error == null && attempt.task < n && dataSource[attempt.task]) {
        attempt.journaled = JournalWriter.encode(result); // here: the agent's thread, no lock
      }
      long end = now();
      if (!agent.endAttempt(attempt)) {
        return false;
      }
      attempt.result = result;
      attempt.error = error;
      attempt.ended = end;
      agent.ended(attempt);
      agent.lastTaskNanos = end - start;
      if (batch == null) {
        return true;
      }
      start = end;
      if (error != null || end - recordedAt >= RECORD_INTERVAL_NANOS) {
        lock.lock();
        try {
          recordEnded(agent);
          wakeIdle(0);
          maybeComplete();
        } finally {
          lock.unlock();
        }
        start = recordedAt = now();
      }
      attempt = batch.take();
      if (attempt == null) {
        return true;
      }
    }
  }

  private void retire(Agent agent) {
    live--;
    dispatcher.leave(agent.slot);
    agent.endNanos = now();
  }

  /** Parks an agent until work may be there; called and returns with the lock held. */
  private void waitForWork(Agent agent) {
    agent.signalled = false;
    agent.idle = true;
    idle.push(agent);
    lock.unlock();
    try {
      while (!agent.signalled) {
        LockSupport.park(this);
      }
    } finally {
      lock.lock();
      if (waking > 0 && agent.signalled) {
        waking--;
      }
    }
  }

  /** Wakes idle agents for the ready tasks the caller (if an agent about to ask) will not take. */
  private void wakeIdle(int reserve) {
    if (idle.isEmpty() || halted()) {
      return;
    }
    int startable = Math.min(dispatcher.ready(), plan.concurrencyLimit() - dispatcher.running());
    int wanted = startable - reserve - waking;
    while (wanted-- > 0 && !idle.isEmpty()) {
      signal(idle.pop());
      waking++;
    }
  }

  /** Whether agents may not start tasks now: paused, classifying failures, or cancelling. */
  private boolean halted() {
    return paused || analysing || cancelRequested;
  }

  private void wakeAll() {
    while (!idle.isEmpty()) {
      signal(idle.pop());
    }
    waking = 0;
  }

  private static void signal(Agent agent) {
    agent.idle = false;
    agent.signalled = true;
    LockSupport.unpark(agent.thread);
  }

  // ------------------------------------------------------------------ attempts

  /** A claimed attempt starts on {@code agent}: its timeout. Without the lock. */
  private void started(Agent agent, Agent.Attempt attempt) {
    Duration timeout = attempt.spec.timeout().orElse(null);
    if (timeout != null) {
      attempt.timeoutHandle = timer.schedule(() -> timedOut(agent, attempt), timeout.toNanos());
    }
  }

  /**
   * The task-started event and journal line, which are written only under the run's lock: when the
   * agent claims the task it starts at once, and for the rest of a batch when the batch is
   * recorded (at most {@link #RECORD_INTERVAL_NANOS} of running later), with the real start time.
   */
  private void announce(Agent agent, Agent.Attempt attempt, long startNanos) {
    if (attempt.announced) {
      return;
    }
    attempt.announced = true;
    if (journal != null) {
      journal.started(record.id(attempt.task), attempt.number, agent.info.name());
    }
    if (events != null && events.everyTask()) {
      events.taskStarted(record.id(attempt.task), attempt.number, agent.info.name(), startNanos);
    }
  }

  /** Records the attempts the agent ended since the last time. Called with the lock. */
  private void recordEnded(Agent agent) {
    Agent.Attempt[] done = agent.done;
    for (int i = 0, count = agent.doneCount; i < count; i++) {
      Agent.Attempt attempt = done[i];
      done[i] = null;
      if (attempt.notStarted) {
        if (attempt.announced) {
          // Its start is already posted and journaled: it counts as an attempt the cancel ended.
          record.attemptStarted(attempt.task, attempt.started, agent.recordNumber);
          complete(agent, attempt, null,
              new CancellationException("the run was cancelled as the task was starting"),
              attempt.started);
        } else {
          giveBack(attempt, now());
        }
        continue;
      }
      int t = attempt.task;
      int released = t < releasedBy.length ? releasedBy[t] : -1;
      if (attempt.stolen || (released >= 0 && released != agent.recordNumber)) {
        steals++;
      } else if (released >= 0) {
        handOffs++;
      }
      announce(agent, attempt, attempt.started);
      record.attemptStarted(t, attempt.started, agent.recordNumber);
      complete(agent, attempt, attempt.result, attempt.error, attempt.ended);
    }
    agent.doneCount = 0;
  }

  /** A claimed task that never started goes back to the dispatcher. Called with the lock. */
  private void giveBack(Agent.Attempt attempt, long now) {
    runningCount--;
    pendingCount++;
    dispatcher.unclaim(attempt.task, now);
  }

  /** Gives back what is left of every batch (pause, cancel). Called with the lock. */
  private void drainBatches() {
    long now = now();
    for (Agent agent : batched) {
      drainBatch(agent, now);
      agent.listed = false;
    }
    batched.clear();
  }

  private void drainBatch(Agent agent, long now) {
    Agent.Batch b = agent.batch;
    if (b != null) {
      for (int i = b.takeRest(); i < b.size; i++) {
        giveBack(b.items[i], now);
      }
    }
  }

  private Object execute(Agent agent, Agent.Attempt attempt) throws Exception {
    TaskSpec spec = attempt.spec;
    Object result = spec.action().apply(attempt);
    if (spec.isGate() && !Boolean.TRUE.equals(result)) {
      throw new GateShutException("gate '" + spec.id() + "' stayed shut");
    }
    return result;
  }

  /** An attempt ended on its agent; called with the lock held. */
  private void complete(Agent agent, Agent.Attempt attempt, Object result, Throwable error, long end) {
    int t = attempt.task;
    agent.tasks++;
    agent.busyNanos += end - attempt.started;
    runningCount--;
    if (attempt.timeoutHandle != null) {
      attempt.timeoutHandle.cancel();
    }
    if (attempt.timedOut) {
      error = timeoutError(t, error, false);
    } else if (attempt.stalled) {
      error = stallError(t, error, false);
    }
    finishingAgent = agent.recordNumber;
    completing = end;
    try {
      if (error == null) {
        if (t < n) {
          outputs[t] = result;
        }
        if (attempt.journaled != null) {
          journalOutputs.put(t, attempt.journaled);
        }
        dispatcher.finished(t, Dispatcher.SUCCEEDED, end);
        if (supervisor != null) {
          supervisor.succeeded(t);
        }
      } else {
        attemptFailed(t, attempt.number, error, end);
      }
    } finally {
      finishingAgent = -1;
      completing = -1;
    }
    if (record.sampleDue(end)) {
      record.queueSample(end, dispatcher.ready(), dispatcher.running());
    }
  }

  private void attemptFailed(int t, int attemptNumber, Throwable error, long now) {
    TaskSpec spec = spec(t);
    lastError.put(t, error);
    if (cancelRequested) {
      failureCause.put(t, cancelCause);
      dispatcher.finished(t, Dispatcher.CANCELLED, now);
      return;
    }
    if (!(error instanceof GateShutException) && spec.retry().shouldRetry(attemptNumber, error)) {
      Duration delay = spec.retry().delayAfter(attemptNumber, ThreadLocalRandom.current());
      dispatcher.retrying(t);
      record.pending(t);
      pendingCount++;
      if (events != null) {
        events.post(new RunEvent.TaskRetry(id, time(now), record.id(t), attemptNumber,
            describe(error), delay));
      }
      if (journal != null) {
        journal.retry(record.id(t), attemptNumber, describe(error), delay);
      }
      if (delay.isZero()) {
        dispatcher.requeue(t, now);
      } else {
        retryWaits++;
        timer.schedule(() -> requeue(t), delay.toNanos());
      }
    } else {
      failureCause.put(t, error instanceof GateShutException ? error.getMessage() : describe(error));
      dispatcher.finished(t, Dispatcher.FAILED, now);
      if (options.failurePolicy() == FailurePolicy.FAIL_FAST && !cancelRequested) {
        cancelLocked("the run was cancelled after task '" + record.id(t) + "' failed (FAIL_FAST)");
      }
    }
    if (supervisor != null && !cancelRequested) {
      supervisor.failed(t, error);
    }
  }

  private void requeue(int t) {
    lock.lock();
    try {
      retryWaits--;
      if (dispatcher.isWaitingToRetry(t)) {
        dispatcher.requeue(t, now());
        wakeIdle(0);
      }
    } finally {
      lock.unlock();
    }
  }

  private Throwable timeoutError(int t, Throwable error, boolean abandoned) {
    Duration timeout = spec(t).timeout().orElseThrow();
    String message = "task '" + record.id(t) + "' timed out after " + timeout
        + (abandoned ? "; the attempt ignored the interrupt and was abandoned" : "");
    TimeoutException e = new TimeoutException(message);
    if (error != null) {
      e.initCause(error);
    }
    return e;
  }

  private Throwable stallError(int t, Throwable error, boolean abandoned) {
    long limit = StallWatch.limit(spec(t), options.stallTimeout().orElse(null));
    TimeoutException e = new TimeoutException("task '" + record.id(t) + "' stalled: silent for"
        + " longer than its stall limit " + Duration.ofNanos(limit) + "; the attempt was cancelled"
        + (abandoned ? " and, as it ignored the interrupt, abandoned" : ""));
    if (error != null) {
      e.initCause(error);
    }
    return e;
  }

  // ------------------------------------------------------------------ journal and resume

  /** Opens the run journal, new or (resuming) continued; before any agent starts. */
  private void openJournal(java.nio.file.Path directory) {
    try {
      java.util.function.Consumer<java.io.IOException> failed = this::journalFailed;
      JournalSync sync = options.journalSync();
      journal = replay == null
          ? JournalWriter.create(directory, sync, failed, id, clock)
          : JournalWriter.resume(directory.resolve(JournalWriter.FILE_NAME), replay.validLength(),
              replay.needsNewline(), sync, failed, id, clock);
      journal.start(id, plan.name(), n, replay != null, replay == null ? 0 : replay.restored().length);
    } catch (java.io.IOException e) {
      throw JournalWriter.unchecked("cannot open the run journal in " + directory, e);
    }
    journalOutputs = new HashMap<>();
    dataSource = new boolean[n];
    for (int t = 0; t < n; t++) {
      for (int e = graph.successorStart(t); e < graph.successorEnd(t); e++) {
        if (graph.successorKind(e) == dev.orchestrator.task.DependencyKind.DATA) {
          dataSource[t] = true;
          break;
        }
      }
    }
  }

  /** The run's journal writer, or null. */
  JournalWriter journal() {
    return journal;
  }

  /** The tasks the journal says succeeded end SUCCEEDED without running, in journal order. */
  private void restore() {
    restoring = true;
    try {
      for (int t : replay.restored()) {
        outputs[t] = replay.outputs().get(t);
        failureCause.put(t, "succeeded in an earlier run (restored from the journal)");
        dispatcher.restore(t, 0);
      }
    } finally {
      restoring = false;
    }
  }

  /** The journal cannot be written: cancel, so that the run can be resumed from what it holds. */
  private void journalFailed(java.io.IOException e) {
    Thread.ofVirtual().name("orchestrator-journal-failure-" + id).start(() -> {
      lock.lock();
      try {
        cancelLocked("the run journal " + journal.file() + " could not be written (" + e + "); the"
            + " run was cancelled so that it can be resumed from what the journal holds");
      } finally {
        lock.unlock();
      }
    });
  }

  // ------------------------------------------------------------------ pressure and stalls

  private PressureSampling pressure; // null when the monitor is off
  private StallWatch stalls; // null while nothing is watched

  /** Starts the stall watch, scanning every {@code period} nanoseconds (0: not needed yet). */
  private void watchStalls(long period) {
    if (period > 0 && stalls == null && !over) {
      stalls = StallWatch.start(this, period);
    }
  }

  /** The agents, for the stall watch (under the lock). */
  List<Agent> agentsLocked() {
    return agents;
  }

  int liveAgents() {
    return live;
  }

  boolean isOver() {
    return over;
  }

  Scheduler scheduler() {
    return timer;
  }

  EngineClock clock() {
    return clock;
  }

  /** The wall-clock time of a moment of the run, for events made outside the run's lock. */
  Instant timeNow() {
    return time(now());
  }

  /** Records and publishes a stall; under the lock. */
  void stalled(RunEvent.TaskStalled stall) {
    record.stall(stall);
    if (events != null) {
      events.post(stall);
    }
    if (journal != null) {
      journal.stall(stall);
    }
  }

  /** Cancels a stalled attempt as a timeout would, abandoning it if it ignores the interrupt. */
  void cancelStalled(Agent agent, Agent.Attempt attempt) {
    attempt.stalled = true;
    attempt.cancelled = true;
    agent.interrupt(attempt);
    timer.schedule(() -> abandonIfStuck(agent, attempt, null), options.timeoutGrace().toNanos());
  }

  /** The timer fired for an attempt: interrupt it, and abandon it if it ignores that. */
  private void timedOut(Agent agent, Agent.Attempt attempt) {
    if (!attempt.isRunning()) {
      return;
    }
    attempt.timedOut = true;
    attempt.cancelled = true;
    agent.interrupt(attempt);
    timer.schedule(() -> abandonIfStuck(agent, attempt, null), options.timeoutGrace().toNanos());
  }

  /** Abandons an attempt still running after its grace: the agent is replaced, not waited for. */
  private void abandonIfStuck(Agent agent, Agent.Attempt attempt, String cancelledCause) {
    if (!attempt.end(Agent.Attempt.ABANDONED)) {
      return;
    }
    lock.lock();
    try {
      // What the agent ran before it got stuck, and what is left of its batch, go on without it.
      recordEnded(agent);
      drainBatch(agent, now());
      abandonedAttempts++;
      agent.abandoned = true;
      agent.endNanos = now();
      agent.busyNanos += agent.endNanos - attempt.started;
      agent.tasks++;
      live--;
      threads--;
      dispatcher.leave(agent.slot);
      runningCount--;
      long now = now();
      int t = attempt.task;
      // Its start is recorded here: an attempt is recorded when it ends, and this one never will.
      announce(agent, attempt, attempt.started);
      record.attemptStarted(t, attempt.started, agent.recordNumber);
      if (cancelledCause != null) {
        failureCause.put(t, cancelledCause);
        dispatcher.finished(t, Dispatcher.CANCELLED, now);
      } else {
        if (!over && live < target && !cancelRequested) {
          startAgent(); // the replacement
        }
        attemptFailed(t, attempt.number,
            attempt.timedOut ? timeoutError(t, null, true) : stallError(t, null, true), now);
        wakeIdle(0);
      }
      LOG.warn("{}: abandoned the attempt of '{}' on {}", id, record.id(t), agent);
      maybeComplete();
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ spawning and context support

  TaskSpec spec(int t) {
    return t < n ? graph.task(t) : spawned.get(t - n);
  }

  String taskId(int t) {
    lock.lock();
    try {
      return record.id(t);
    } finally {
      lock.unlock();
    }
  }

  TaskGraph graph() {
    return graph;
  }

  int planSize() {
    return n;
  }

  Object outputOf(int t) {
    lock.lock();
    try {
      return outputs[t];
    } finally {
      lock.unlock();
    }
  }

  /**
   * The output of {@code sourceId}, a DATA dependency of task {@code t}, as {@code type}; see
   * {@code TaskContext.input}.
   */
  <T> T input(int t, String taskId, String sourceId, Class<T> type) {
    java.util.Objects.requireNonNull(sourceId, "task id cannot be null");
    java.util.Objects.requireNonNull(type, "type cannot be null");
    int source = -1;
    if (t < n) {
      for (int e = graph.predecessorStart(t); e < graph.predecessorEnd(t); e++) {
        int p = graph.predecessor(e);
        if (graph.predecessorKind(e) == dev.orchestrator.task.DependencyKind.DATA
            && graph.id(p).equals(sourceId)) {
          source = p;
          break;
        }
      }
    }
    if (source < 0) {
      throw new IllegalArgumentException(
          "task '" + taskId + "' has no DATA dependency on '" + sourceId + "'; declare one with"
              + " after(DependencyKind.DATA, \"" + sourceId + "\") to read its output");
    }
    return outputAs(source, taskId, sourceId, type);
  }

  /** The output of task {@code source} as {@code type}, for {@code taskId}, which reads it. */
  <T> T outputAs(int source, String taskId, String sourceId, Class<T> type) {
    Object output = outputOf(source);
    if (output instanceof JournaledOutput restored) {
      return restored.as(type, taskId, sourceId);
    }
    if (output != null && !type.isInstance(output)) {
      throw new IllegalArgumentException(
          "task '" + taskId + "': the output of '" + sourceId + "' is a "
              + output.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(output);
  }

  boolean isCancelRequested() {
    return cancelRequested;
  }

  RunOptions options() {
    return options;
  }

  RunChannel channel() {
    lock.lock();
    try {
      if (channel == null) {
        channel = new RunChannel();
      }
      return channel;
    } finally {
      lock.unlock();
    }
  }

  /** Adds a child of a running task; see {@code TaskContext.spawn}. */
  String spawn(int parent, TaskSpec child) {
    lock.lock();
    try {
      String parentId = record.id(parent);
      String childId = parentId + "/" + child.id();
      Integer existing = spawnedIds.get(childId);
      if (existing != null) {
        return childId; // a retried parent spawning again gets the child it already has
      }
      if (graph.indexOf(childId) >= 0) {
        throw new IllegalArgumentException(
            "task '" + parentId + "' cannot spawn '" + child.id() + "': the plan already has a"
                + " task '" + childId + "'");
      }
      if (cancelRequested || over) {
        throw new IllegalStateException(
            "task '" + parentId + "' cannot spawn '" + child.id() + "': the run is being cancelled");
      }
      TaskSpec renamed = child.toBuilder().id(childId).build();
      if (renamed.stallTimeout().isPresent()) {
        watchStalls(StallWatch.MAX_PERIOD);
      }
      int t = dispatcher.spawn(parent, renamed, now());
      spawned.add(renamed);
      spawnedIds.put(childId, t);
      int index = record.addTask(childId, parentId);
      if (index != t) {
        throw new IllegalStateException("report index " + index + " != task index " + t);
      }
      totalCount++;
      pendingCount++;
      if (releasedBy.length <= t) {
        releasedBy = java.util.Arrays.copyOf(releasedBy, t * 2);
        java.util.Arrays.fill(releasedBy, t, releasedBy.length, -1);
      }
      wakeIdle(0);
      return childId;
    } finally {
      lock.unlock();
    }
  }

  int depth(int t) {
    lock.lock();
    try {
      return dispatcher.depth(t);
    } finally {
      lock.unlock();
    }
  }

  void progress(String taskId, double fraction, String activity) {
    if (events != null) {
      events.post(new RunEvent.TaskProgress(id, time(now()), taskId, fraction, activity));
    }
  }

  void artifact(int t, dev.orchestrator.observe.Artifact artifact) {
    lock.lock();
    try {
      record.artifact(t, artifact);
    } finally {
      lock.unlock();
    }
  }

  void criterion(int t, dev.orchestrator.observe.Criterion criterion) {
    lock.lock();
    try {
      record.criterion(t, criterion);
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ resilience hooks
  // Called by RunGuard (the failure supervisor's view of the run) and the resource monitor, under
  // the lock unless said otherwise.

  ReentrantLock lock() {
    return lock;
  }

  int poolTarget() {
    return target;
  }

  int requestedPool() {
    return requested;
  }

  int runningAttempts() {
    return runningCount;
  }

  /** Caps the pool for failures ({@code failure}) or resource pressure; MAX_VALUE lifts the cap. */
  void capPool(boolean failure, int cap, String reason) {
    if (failure) {
      failureCap = cap;
    } else {
      pressureCap = cap;
    }
    retarget(reason);
  }

  void analysing(boolean on) {
    analysing = on;
    if (on) {
      drainBatches(); // claimed but not started: they wait like the rest
    }
    if (!on) {
      wakeIdle(0);
      maybeComplete();
    }
  }

  void pauseGroupLocked(String group, String reason, boolean user) {
    drainBatches(); // a claimed task of the group is held when it is claimed again
    if (holds == null) {
      holds = new GroupHolds(dispatcher, this::spec, failureCause);
    }
    holds.pause(group, reason, user);
  }

  /** Cancels the run after a systematic failure; the rollback runs once every agent has stopped. */
  void abort(String cause) {
    rollbackPending = options.failureAdaptation().rollback();
    cancelLocked(cause);
  }

  void analysed(RunEvent.FailureAnalysis analysis) {
    if (journal != null) {
      journal.analysis(analysis);
    }
    record.analysis(analysis);
    if (events != null) {
      events.post(analysis);
    }
  }

  void alert(RunEvent.ResourceAlert alert) {
    if (journal != null) {
      journal.alert(alert);
    }
    record.alert(alert);
    if (events != null) {
      events.post(alert);
    }
  }

  /** Runs {@code action} under the lock after {@code nanos}, unless the run is over by then. */
  void later(Runnable action, long nanos) {
    timer.schedule(() -> {
      lock.lock();
      try {
        if (!over) {
          action.run();
        }
      } finally {
        lock.unlock();
      }
    }, nanos);
  }

  private void compensated(int t) {
    if (compensableCount == compensable.length) {
      compensable = java.util.Arrays.copyOf(compensable, Math.max(16, compensableCount * 2));
    }
    compensable[compensableCount++] = t;
  }

  /** Rolls back if asked to, builds the report, closes the journal and publishes the report. */
  private void finishUnlocked() {
    RunReport report = null;
    try {
      if (rollbackPending && compensableCount > 0) {
        rollback();
      }
      lock.lock();
      try {
        report = makeReport();
      } finally {
        lock.unlock();
      }
      if (journal != null) {
        journal.finished(report);
        journal.close();
      }
    } catch (Throwable e) {
      LOG.error("{}: finishing the run failed", id, e);
      if (report == null) {
        done.completeExceptionally(e);
        return;
      }
    }
    publish(report);
  }

  /** Runs the compensations of succeeded tasks in reverse completion order; no lock held. */
  private void rollback() throws InterruptedException {
    int[] order;
    lock.lock();
    try {
      order = new int[compensableCount];
      for (int k = 0; k < compensableCount; k++) {
        order[k] = compensable[compensableCount - 1 - k];
      }
    } finally {
      lock.unlock();
    }
    new Rollback(this, options.failureAdaptation().compensationTimeout()).run(order);
  }

  /** Records and publishes a compensation's outcome; takes the lock. */
  void compensationRan(RunEvent.TaskCompensated outcome) {
    lock.lock();
    try {
      record.compensation(outcome);
      if (events != null) {
        events.post(outcome);
      }
      if (journal != null) {
        journal.compensated(outcome);
      }
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ dispatcher events

  private final class DispatchEvents implements Dispatcher.Events {
    @Override
    public void terminal(int t, byte outcome, int cause) {
      TaskState state = switch (outcome) {
        case Dispatcher.SUCCEEDED -> TaskState.SUCCEEDED;
        case Dispatcher.FAILED -> TaskState.FAILED;
        case Dispatcher.SKIPPED -> TaskState.SKIPPED;
        default -> TaskState.CANCELLED;
      };
      TaskState before = record.state(t);
      if (before == TaskState.PENDING) {
        pendingCount--;
      }
      String why = failureCause.isEmpty() ? null : failureCause.remove(t);
      if (why == null && cause >= 0) {
        String other = record.id(cause);
        why = switch (state) {
          case SKIPPED -> "dependency '" + other + "' " + verb(record.state(cause));
          case FAILED -> "spawned task '" + other + "' " + verb(record.state(cause));
          default -> null;
        };
      }
      if (why == null && state == TaskState.CANCELLED) {
        why = cancelCause;
      }
      Throwable error = lastError.isEmpty() ? null : lastError.remove(t);
      if (state != TaskState.FAILED && state != TaskState.CANCELLED) {
        error = null;
      }
      long now = completing >= 0 ? completing : now();
      if (!childFinish.isEmpty()) {
        // A parent ends no sooner than its children, whichever agent recorded first.
        Long children = childFinish.remove(t);
        if (children != null) {
          now = Math.max(now, children);
        }
      }
      if (t >= n) {
        childFinish.merge(dispatcher.parentOf(t), now, Math::max);
      }
      record.finished(t, state, now, why, error);
      terminalCounts[state.ordinal()]++;
      if (state == TaskState.SUCCEEDED && spec(t).compensation().isPresent()) {
        compensated(t);
      }
      if (journal != null && !restoring) {
        journal.ended(record.id(t), state, record.attempts(t), why,
            journalOutputs.isEmpty() ? null : journalOutputs.remove(t));
      }
      if (t < n) {
        workDone += graph.duration(t);
      }
      if (events != null && (state != TaskState.SUCCEEDED || events.everyTask())) {
        long started = record.startNanos(t);
        long took = started < 0 ? 0 : now - started;
        int agent = record.agentNumber(t);
        String agentName = agent < 0 ? null : agents.get(agent).info.name();
        List<dev.orchestrator.observe.Artifact> artifacts = record.artifacts(t);
        List<dev.orchestrator.observe.Criterion> criteria = record.criteria(t);
        if (artifacts.isEmpty() && criteria.isEmpty()) {
          events.taskFinished(record.id(t), state, record.attempts(t), took, agentName, why, now);
        } else {
          events.post(new RunEvent.TaskFinished(id, time(now), record.id(t), state,
              record.attempts(t), Duration.ofNanos(took), Optional.ofNullable(agentName),
              Optional.ofNullable(why), artifacts, criteria));
        }
      }
    }

    @Override
    public void waveStarted(int wave) {
      if (events != null) {
        events.post(new RunEvent.WaveStarted(id, time(now()), wave, dispatcher.waves().size(wave)));
      }
    }

    @Override
    public void waveFinished(int wave) {
      if (events != null) {
        events.post(new RunEvent.WaveFinished(id, time(now()), wave));
      }
    }

    @Override
    public void ready(int t) {
      if (t < releasedBy.length) {
        releasedBy[t] = finishingAgent;
      }
    }
  }

  private static String verb(TaskState state) {
    return switch (state) {
      case FAILED -> "failed";
      case SKIPPED -> "was skipped";
      case CANCELLED -> "was cancelled";
      default -> "ended " + state;
    };
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  // ------------------------------------------------------------------ control

  @Override
  public void pause() {
    lock.lock();
    try {
      paused = true;
      drainBatches();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void resume() {
    lock.lock();
    try {
      if (paused) {
        paused = false;
        wakeIdle(0);
        maybeComplete(); // tasks of paused groups may be all that is left
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void pauseGroup(String group) {
    java.util.Objects.requireNonNull(group, "group cannot be null");
    lock.lock();
    try {
      pauseGroupLocked(group, "paused by the user", true);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean resumeGroup(String group) {
    java.util.Objects.requireNonNull(group, "group cannot be null");
    lock.lock();
    try {
      if (holds == null || holds.resume(group, now()) < 0) {
        return false;
      }
      wakeIdle(0);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<String> pausedGroups() {
    lock.lock();
    try {
      return holds == null ? List.of() : holds.groups();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isPaused() {
    lock.lock();
    try {
      return paused;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void cancel() {
    lock.lock();
    try {
      cancelLocked("the run was cancelled");
    } finally {
      lock.unlock();
    }
  }

  private void cancelLocked(String cause) {
    if (cancelRequested || over) {
      return;
    }
    cancelRequested = true;
    cancelCause = cause;
    record.cancelled();
    dispatcher.cancelRemaining(now());
    drainBatches();
    List<Agent.Attempt> running = new ArrayList<>();
    for (Agent agent : agents) {
      Agent.Attempt attempt = agent.attempt;
      if (attempt != null && !agent.abandoned) {
        attempt.cancelled = true;
        agent.interrupt(attempt);
        running.add(attempt);
        final Agent a = agent;
        timer.schedule(() -> abandonIfStuck(a, attempt, cause
                + "; the task ignored the interrupt and was abandoned after " + options.cancelGrace()),
            options.cancelGrace().toNanos());
      }
    }
    wakeAll();
    maybeComplete();
  }

  @Override
  public void resize(int agentCount, String reason) {
    if (agentCount < 1) {
      throw new IllegalArgumentException("agents must be >= 1: " + agentCount);
    }
    java.util.Objects.requireNonNull(reason, "reason cannot be null");
    lock.lock();
    try {
      requested = agentCount;
      retarget(reason);
    } finally {
      lock.unlock();
    }
  }

  /** Applies the pool in force, the smallest of what was asked and the caps; under the lock. */
  private void retarget(String reason) {
    int agentCount = Math.max(1, Math.min(requested, Math.min(failureCap, pressureCap)));
    if (over || agentCount == target) {
      return;
    }
    int from = target;
    target = agentCount;
    while (live < target) {
      startAgent();
    }
    if (live > target) {
      wakeAll(); // idle agents over the target retire at once; busy ones after their task
    }
    RunEvent.ScalingAdjustment adjustment =
        new RunEvent.ScalingAdjustment(id, time(now()), from, agentCount, reason);
    record.adjustment(adjustment);
    if (events != null) {
      events.post(adjustment);
    }
    if (journal != null) {
      journal.pool(adjustment);
    }
  }

  // ------------------------------------------------------------------ completion

  private void maybeComplete() {
    if (holds != null && !over && !halted() && dispatcher.running() == 0 && dispatcher.ready() == 0
        && retryWaits == 0) {
      holds.endAutomaticHolds(now()); // only held tasks are left: the supervisor's end CANCELLED
    }
    if (!over && dispatcher.isDone()) {
      finishLocked();
    }
    if (over && threads == 0 && !done.isDone() && !finishing) {
      finishing = true;
      if ((rollbackPending && compensableCount > 0) || journal != null) {
        // A rollback runs user code and closing the journal waits for its writer: not under the lock.
        Thread.ofVirtual().name("orchestrator-finish-" + id).start(this::finishUnlocked);
      } else {
        publish(makeReport());
      }
    }
  }

  private void finishLocked() {
    over = true;
    endNanos = now();
    record.queueSample(endNanos, dispatcher.ready(), dispatcher.running());
    wakeAll();
  }

  private RunReport makeReport() {
    List<AgentStatistics> stats = new ArrayList<>(agents.size());
    for (Agent agent : agents) {
      long end = agent.endNanos < 0 ? endNanos : agent.endNanos;
      stats.add(new AgentStatistics(agent.info.name(), agent.tasks, Duration.ofNanos(agent.busyNanos),
          Duration.ofNanos(Math.max(0, end - agent.createdNanos)), agent.abandoned));
    }
    PoolStatistics pool = new PoolStatistics(agents.size(), peak, stats, handOffs, steals, abandonedAttempts);
    long dropped = events == null ? 0 : events.dropped();
    record.outputs(n == 0 ? new Object[0] : outputs, replay == null ? null
        : (stored, type) -> stored instanceof JournaledOutput j ? j.as(type, "(report)", "?") : stored);
    RunReport report = record.build(Duration.ofNanos(Math.max(0, endNanos)), pool, dropped);
    timer.shutdown();
    if (pressure != null) {
      pressure.stop();
    }
    return report;
  }

  private void publish(RunReport report) {
    if (events == null) {
      done.complete(report);
      return;
    }
    // The run ends once its listeners have seen RunFinished, so that a dashboard's last frame and
    // a run directory's report files are there when run() returns; a listener that hangs delays
    // the end by LISTENER_GRACE at most.
    events.post(new RunEvent.RunFinished(id, time(now()), report, report.eventsDropped()));
    Scheduler.Timer grace = clock.sharedScheduler().schedule(() -> {
      if (done.complete(report)) {
        LOG.warn("{}: listeners still busy {} after the run ended; not waiting for them", id,
            EventBus.LISTENER_GRACE);
      }
    }, EventBus.LISTENER_GRACE.toNanos());
    events.delivered().whenComplete((ignored, error) -> {
      grace.cancel();
      done.complete(report);
    });
  }

  private void post(java.util.function.Supplier<RunEvent> event) {
    if (events != null) {
      events.post(event.get());
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
    return totalCount;
  }

  @Override
  public int pending() {
    return Math.max(0, pendingCount);
  }

  @Override
  public int running() {
    return Math.max(0, runningCount);
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
    lock.lock();
    try {
      return terminalCounts[state.ordinal()];
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int agents() {
    lock.lock();
    try {
      return live;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isDone() {
    return done.isDone();
  }

  /** Whether this run makes per-task events for tasks that succeed (for tests). */
  boolean eventsEveryTask() {
    return events != null && events.everyTask();
  }

  @Override
  public Duration plannedWorkDone() {
    return Duration.ofNanos(workDone);
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

  /** A gate's check said no. */
  static final class GateShutException extends Exception {
    GateShutException(String message) {
      super(message, null, false, false);
    }
  }
}
