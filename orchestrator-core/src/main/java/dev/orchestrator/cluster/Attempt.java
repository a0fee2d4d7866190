package dev.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/** One task dispatched to a member's agents: the run, the task's id and the dispatcher's epoch. */
final class Attempt implements Callable<AttemptResult>, HazelcastInstanceAware, Serializable {

  private static final long serialVersionUID = 1L;

  private final String run;
  private final String task;
  private final long epoch;
  private transient HazelcastInstance instance;

  Attempt(String run, String task, long epoch) {
    this.run = run;
    this.task = task;
    this.epoch = epoch;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.instance = instance;
  }

  @Override
  public AttemptResult call() {
    MemberRegistry registry = MemberRegistry.of(instance);
    if (epoch < registry.epoch(run).accumulateAndGet(epoch, Math::max)) {
      return AttemptResult.FENCED; // a newer coordinator has announced itself here
    }
    MemberAgents agents = registry.agents(run);
    return agents == null ? AttemptResult.NOT_SERVING : agents.execute(task, epoch);
  }
}
