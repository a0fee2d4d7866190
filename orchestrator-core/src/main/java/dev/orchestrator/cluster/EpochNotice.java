package dev.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A new coordinator's epoch, sent to every member before it dispatches anything: from then on the
 * member's agents refuse attempts of older epochs, which fences a coordinator that comes back.
 */
final class EpochNotice implements Callable<Long>, HazelcastInstanceAware, Serializable {

  private static final long serialVersionUID = 1L;

  private final String run;
  private final long epoch;
  private transient HazelcastInstance instance;

  EpochNotice(String run, long epoch) {
    this.run = run;
    this.epoch = epoch;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.instance = instance;
  }

  @Override
  public Long call() {
    return MemberRegistry.of(instance).epoch(run).accumulateAndGet(epoch, Math::max);
  }
}
