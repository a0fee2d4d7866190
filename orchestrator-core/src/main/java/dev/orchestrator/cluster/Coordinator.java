package dev.orchestrator.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.schedule.Dispatcher;
import dev.orchestrator.schedule.PriorityOrder;
import java.time.Duration;
import dev.orchestrator.resource.RateLimit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of one run, on the member that holds the run's coordinator lock: it takes the
 * next epoch, tells every member, rebuilds the run's state from the task entries (recorded
 * successes end SUCCEEDED without running; attempts still running on live members are left to
 * finish there), and then drives the run's one {@link Dispatcher}, sending each task it releases to
 * the serving member with the most free agents and feeding every answer back into it.
 *
 * <p>A member that leaves (or whose attempt fails with {@link MemberLeftException} or {@link
 * TargetNotMemberException}, which can arrive before the member-left event) is dropped at once and
 * its dispatched tasks are released to run elsewhere. An agent's FENCED answer means a newer
 * coordinator exists: this one stops at once and dispatches nothing more.
 */
final class Coordinator {

  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
  /** How often an attempt may fail for a reason other than its member leaving before its task fails. */
  private static final int DISPATCH_FAILURES = 3;
  private static final Duration NOTICE_TIMEOUT = Duration.ofSeconds(30);

  /** A serving member: its agents and the tasks dispatched to it. */
  private static final class Slots {
    final Member member;
    final int agents;
    final Set<Integer> tasks = new HashSet<>();

    Slots(Member member, int agents) {
      this.member = member;
      this.agents = agents;
    }

    /** How many more attempts to send it: twice its agents in flight keeps them busy between answers. */
    int free() {
      return 2 * agents - tasks.size();
    }
  }

  private final HazelcastInstance instance;
  private final RunMaps maps;
  private final TaskGraph graph;
  private final IExecutorService executor;
  private final String self;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Dispatcher dispatcher;
  private final int slot;
  private final Map<UUID, Slots> members = new HashMap<>();
  private final Set<UUID> departed = new HashSet<>();
  private final Slots[] placed;
  private final int[] failures;
  private final Map<String, UUID> adopted = new HashMap<>();
  private final Map<String, RateLimit> limits;
  private final Map<String, PermitBucket> buckets = new HashMap<>();
  // Tasks the dispatcher released that wait for permits, per the first limit they use (FIFO).
  private final Map<String, ArrayDeque<Integer>> held = new LinkedHashMap<>();
  private final ScheduledExecutorService timer;
  private boolean wakePending;
  private long epoch;
  private boolean pumping;
  private boolean fenced;
  private int succeeded;
  private int failed;
  private int skipped;
  private int restored;
  private int requeued;

  Coordinator(HazelcastInstance instance, RunMaps maps, Plan plan, Map<String, RateLimit> limits) {
    this.instance = instance;
    this.limits = limits;
    long now = System.nanoTime();
    limits.forEach((name, limit) -> buckets.put(name, new PermitBucket(limit, now)));
    this.timer = limits.isEmpty() ? null : Executors.newSingleThreadScheduledExecutor(r ->
        Thread.ofPlatform().daemon().name("orchestrator-permits-" + maps.run).unstarted(r));
    this.maps = maps;
    this.graph = PlanInternals.graph(plan);
    this.executor = instance.getExecutorService(MemberSetup.EXECUTOR);
    this.self = instance.getCluster().getLocalMember().getUuid().toString();
    Dispatcher.Settings settings = new Dispatcher.Settings(plan.mode().hasBarriers(),
        plan.concurrencyLimit(), Dispatcher.DEFAULT_AGING.toNanos());
    this.dispatcher = new Dispatcher(graph, PriorityOrder.criticalPathOrder(graph), settings,
        new Dispatcher.Events() {
          @Override
          public void terminal(int task, byte outcome, int cause) {
            switch (outcome) {
              case Dispatcher.SUCCEEDED -> succeeded++;
              case Dispatcher.FAILED -> failed++;
              default -> skipped++;
            }
          }
        });
    this.slot = dispatcher.join(Set.of());
    this.placed = new Slots[graph.size()];
    this.failures = new int[graph.size()];
  }

  /**
   * Coordinates the run to its end and records its report.
   *
   * @param deadline {@link System#nanoTime()} by which the run must end
   * @return the report, or null if this coordinator was fenced by a newer one
   * @throws java.util.concurrent.TimeoutException if the run has not ended by the deadline
   */
  ClusterReport coordinate(long deadline) throws InterruptedException,
      java.util.concurrent.TimeoutException {
    long begin = System.nanoTime();
    epoch = (Long) maps.meta.executeOnKey(RunMaps.EPOCH, new NextEpoch());
    maps.meta.putIfAbsent(RunMaps.STARTED, System.currentTimeMillis());
    maps.meta.set(RunMaps.COORDINATOR, self);
    if (!announce()) {
      return null;
    }
    UUID membership = instance.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {}

      @Override
      public void memberRemoved(MembershipEvent event) {
        onDeparture(event.getMember().getUuid());
      }
    });
    UUID registrations = maps.agents.addEntryListener(new Registrations(), true);
    try {
      lock.lock();
      try {
        for (Map.Entry<String, Integer> e : maps.agents.entrySet()) {
          register(UUID.fromString(e.getKey()), e.getValue());
        }
        rebuild();
        LOG.info("run '{}': coordinating as epoch {} on {} members; {} tasks restored, {} left running"
            + " on live members", maps.run, epoch, members.size(), restored, adopted.size());
        pump();
        while (!dispatcher.isDone() && !fenced) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new java.util.concurrent.TimeoutException("run '" + maps.run + "' did not end in"
                + " time: " + dispatcher.terminalCount() + " of " + graph.size() + " tasks ended");
          }
          changed.awaitNanos(left);
        }
        if (fenced) {
          MemberRegistry.of(instance).coordinatorFenced();
          LOG.warn("run '{}': the coordinator of epoch {} was fenced by a newer one and stops",
              maps.run, epoch);
          return null;
        }
      } finally {
        lock.unlock();
      }
    } finally {
      if (timer != null) {
        timer.shutdownNow();
      }
      instance.getCluster().removeMembershipListener(membership);
      maps.agents.removeEntryListener(registrations);
    }
    long started = (Long) maps.meta.get(RunMaps.STARTED);
    ClusterReport report = new ClusterReport(maps.run, graph.size(), succeeded, failed, skipped,
        restored, requeued, epoch, instance.getCluster().getLocalMember().getAddress().toString(),
        Duration.ofMillis(Math.max(0, System.currentTimeMillis() - started)));
    maps.meta.set(RunMaps.DONE, report); // synchronous, backed up: the run is done only once it is recorded
    LOG.info("run '{}' done in {} ms as epoch {} (this coordinator {} ms): {}", maps.run,
        report.elapsed().toMillis(), epoch, (System.nanoTime() - begin) / 1_000_000, report);
    return report;
  }

  /** Sends the epoch to every member; false if one has already seen a newer one. */
  private boolean announce() throws InterruptedException {
    Map<Member, Future<Long>> answers = executor.submitToAllMembers(new EpochNotice(maps.run, epoch));
    for (Map.Entry<Member, Future<Long>> answer : answers.entrySet()) {
      try {
        long seen = answer.getValue().get(NOTICE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (seen > epoch) {
          LOG.warn("run '{}': member {} has seen epoch {} beyond this coordinator's {}", maps.run,
              answer.getKey(), seen, epoch);
          return false;
        }
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // A member that cannot be told is leaving; it will not get attempts either.
        LOG.debug("run '{}': epoch notice to {} failed: {}", maps.run, answer.getKey(), e.toString());
      }
    }
    return true;
  }

  /** Restores recorded successes, in topological order, and notes attempts running on live members. */
  private void rebuild() {
    Map<String, TaskRecord> records = new HashMap<>();
    for (Map.Entry<String, TaskRecord> e : maps.tasks.entrySet()) {
      records.put(e.getKey(), e.getValue());
    }
    Set<String> live = new HashSet<>();
    for (Member m : instance.getCluster().getMembers()) {
      live.add(m.getUuid().toString());
    }
    for (int k = 0; k < graph.size(); k++) {
      int t = graph.topological(k);
      TaskRecord r = records.get(graph.id(t));
      if (r == null) {
        continue;
      }
      if (r.done() && r.outcome() == Dispatcher.SUCCEEDED) {
        dispatcher.restore(t, System.nanoTime());
        restored++;
      } else if (!r.done() && live.contains(r.member())) {
        adopted.put(graph.id(t), UUID.fromString(r.member()));
      }
    }
  }

  private void register(UUID member, int agents) {
    if (departed.contains(member) || members.containsKey(member)) {
      return;
    }
    for (Member m : instance.getCluster().getMembers()) {
      if (m.getUuid().equals(member)) {
        members.put(member, new Slots(m, agents));
        return;
      }
    }
  }

  /**
   * Sends released tasks to members with free agents, tasks that use a rate limit once it grants
   * their permits; reentrant calls from callbacks return.
   */
  private void pump() {
    if (pumping || fenced) {
      return;
    }
    pumping = true;
    try {
      while (!fenced) {
        Slots target = leastLoaded();
        if (target == null) {
          return;
        }
        long now = System.nanoTime();
        int admitted = admitHeld(now);
        if (admitted >= 0) {
          send(admitted, target);
          continue;
        }
        int t = dispatcher.next(now, slot);
        if (t == Dispatcher.NONE) {
          return;
        }
        UUID runningOn = adopted.remove(graph.id(t));
        Slots there = runningOn == null ? null : members.get(runningOn);
        if (there != null) {
          send(t, there); // still running there under an earlier coordinator: its permits were taken
        } else if (uses(t).isEmpty()) {
          send(t, target);
        } else {
          held.computeIfAbsent(uses(t).keySet().iterator().next(), k -> new ArrayDeque<>()).add(t);
        }
      }
    } finally {
      pumping = false;
      wakeForPermits();
    }
  }

  /** The run's limits a task's attempts use ({@code TaskSpec.uses}), with their permits. */
  private Map<String, Long> uses(int t) {
    Map<String, Long> declared = graph.task(t).uses();
    if (declared.isEmpty() || limits.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> uses = new LinkedHashMap<>(declared);
    uses.keySet().retainAll(limits.keySet());
    return uses;
  }

  /** The first held task whose permits are all available now, having taken them; -1 if none. */
  private int admitHeld(long now) {
    for (ArrayDeque<Integer> queue : held.values()) {
      Integer head = queue.peek();
      if (head == null) {
        continue;
      }
      Map<String, Long> uses = uses(head);
      boolean all = true;
      for (Map.Entry<String, Long> u : uses.entrySet()) {
        all &= buckets.get(u.getKey()).available(u.getValue(), now);
      }
      if (all) {
        uses.forEach((name, permits) -> buckets.get(name).take(permits));
        return queue.poll();
      }
    }
    return -1;
  }

  /** Schedules a pump for when the first held task's permits will be available. */
  private void wakeForPermits() {
    if (timer == null || wakePending || fenced) {
      return;
    }
    long now = System.nanoTime();
    long soonest = Long.MAX_VALUE;
    for (ArrayDeque<Integer> queue : held.values()) {
      Integer head = queue.peek();
      if (head != null) {
        long wait = 0;
        for (Map.Entry<String, Long> u : uses(head).entrySet()) {
          wait = Math.max(wait, buckets.get(u.getKey()).wait(u.getValue(), now));
        }
        soonest = Math.min(soonest, wait);
      }
    }
    if (soonest == Long.MAX_VALUE) {
      return;
    }
    wakePending = true;
    timer.schedule(() -> {
      lock.lock();
      try {
        wakePending = false;
        pump();
      } finally {
        lock.unlock();
      }
    }, Math.max(soonest, 1), TimeUnit.NANOSECONDS);
  }

  private Slots leastLoaded() {
    Slots best = null;
    for (Slots s : members.values()) {
      if (s.free() > 0 && (best == null || s.free() > best.free())) {
        best = s;
      }
    }
    return best;
  }

  private void send(int t, Slots to) {
    placed[t] = to;
    to.tasks.add(t);
    try {
      executor.submitToMember(new Attempt(maps.run, graph.id(t), epoch), to.member,
          new Answer(t, to));
    } catch (RejectedExecutionException | com.hazelcast.core.HazelcastException e) {
      failedDispatch(t, to, e);
    }
  }

  /** The answer to one dispatched task. */
  private final class Answer implements ExecutionCallback<AttemptResult> {
    private final int task;
    private final Slots to;

    Answer(int task, Slots to) {
      this.task = task;
      this.to = to;
    }

    @Override
    public void onResponse(AttemptResult result) {
      lock.lock();
      try {
        if (placed[task] != to) {
          return; // released already (its member left): the answer comes too late to count
        }
        switch (result.kind()) {
          case DONE -> {
            release(task);
            dispatcher.finished(task, result.outcome(), System.nanoTime());
          }
          case FENCED -> {
            fenced = true;
            changed.signalAll();
            return;
          }
          case NOT_SERVING -> drop(to, "it does not serve the run");
        }
        pump();
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onFailure(Throwable failure) {
      lock.lock();
      try {
        if (placed[task] == to) {
          failedDispatch(task, to, failure);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Called under the lock, or from {@link #send} while it is held. */
  private void failedDispatch(int t, Slots to, Throwable failure) {
    if (memberGone(failure)) {
      departed.add(to.member.getUuid());
      drop(to, failure.getClass().getSimpleName());
    } else {
      release(t);
      if (++failures[t] >= DISPATCH_FAILURES) {
        LOG.warn("run '{}': task '{}' could not be dispatched {} times, last: {}", maps.run,
            graph.id(t), failures[t], failure.toString());
        dispatcher.finished(t, Dispatcher.FAILED, System.nanoTime());
      } else {
        dispatcher.unclaim(t, System.nanoTime());
        requeued++;
      }
    }
    pump();
    changed.signalAll();
  }

  private static boolean memberGone(Throwable failure) {
    for (Throwable f = failure; f != null; f = f.getCause()) {
      if (f instanceof MemberLeftException || f instanceof TargetNotMemberException) {
        return true;
      }
    }
    return false;
  }

  private void release(int t) {
    placed[t].tasks.remove(t);
    placed[t] = null;
  }

  /** Drops a member at once and releases every task dispatched to it, to run elsewhere. */
  private void drop(Slots member, String why) {
    UUID id = member.member.getUuid();
    if (members.remove(id) == null) {
      return;
    }
    List<Integer> lost = new ArrayList<>(member.tasks);
    for (int t : lost) {
      release(t);
      dispatcher.unclaim(t, System.nanoTime());
      requeued++;
    }
    adopted.values().removeIf(id::equals);
    LOG.warn("run '{}': dropped member {} ({}); {} dispatched tasks re-queued", maps.run,
        member.member.getAddress(), why, lost.size());
  }

  private void onDeparture(UUID member) {
    lock.lock();
    try {
      departed.add(member);
      Slots s = members.get(member);
      if (s != null) {
        drop(s, "it left the cluster");
      }
      adopted.values().removeIf(member::equals);
      maps.agents.removeAsync(member.toString());
      pump();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Members that start or stop serving the run. */
  private final class Registrations implements EntryAddedListener<String, Integer>,
      EntryUpdatedListener<String, Integer>, EntryRemovedListener<String, Integer> {

    @Override
    public void entryAdded(com.hazelcast.core.EntryEvent<String, Integer> event) {
      lock.lock();
      try {
        register(UUID.fromString(event.getKey()), event.getValue());
        pump();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void entryUpdated(com.hazelcast.core.EntryEvent<String, Integer> event) {
      entryAdded(event);
    }

    @Override
    public void entryRemoved(com.hazelcast.core.EntryEvent<String, Integer> event) {
      lock.lock();
      try {
        Slots s = members.get(UUID.fromString(event.getKey()));
        if (s != null) {
          drop(s, "it stopped serving the run");
        }
        pump();
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
