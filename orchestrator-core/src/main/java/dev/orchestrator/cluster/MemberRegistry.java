package dev.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one member serves, kept in its Hazelcast instance's user context so that attempts and
 * notices arriving from the coordinator find it: the runs it offers agents to, and the highest
 * epoch it has seen per run (also for runs it does not serve yet).
 */
final class MemberRegistry {

  private static final String KEY = "dev.orchestrator.cluster.MemberRegistry";

  private final ConcurrentMap<String, MemberAgents> runs = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicLong> epochs = new ConcurrentHashMap<>();
  private final AtomicInteger fenced = new AtomicInteger();

  static MemberRegistry of(HazelcastInstance instance) {
    return (MemberRegistry) instance.getUserContext().computeIfAbsent(KEY, k -> new MemberRegistry());
  }

  MemberAgents agents(String run) {
    return runs.get(run);
  }

  void serve(String run, MemberAgents agents) {
    if (runs.putIfAbsent(run, agents) != null) {
      throw new IllegalStateException("this member already serves run '" + run + "'");
    }
  }

  void leave(String run, MemberAgents agents) {
    runs.remove(run, agents);
  }

  /** The highest epoch seen for a run, shared by its agents on this member. */
  AtomicLong epoch(String run) {
    return epochs.computeIfAbsent(run, k -> new AtomicLong());
  }

  /** A coordinator on this member learnt that a newer one took over, and stopped. */
  void coordinatorFenced() {
    fenced.incrementAndGet();
  }

  /** How many coordinators on this member were fenced. */
  int fencedCoordinators() {
    return fenced.get();
  }
}
