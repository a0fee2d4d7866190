package dev.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * The maps of one run in the cluster (each with one synchronous backup): {@code tasks}, one entry
 * per task (its running marker, then its result); {@code meta}, the run's epoch, start time,
 * coordinator lock and final report; {@code agents}, the agents each serving member offers.
 */
final class RunMaps {

  /** The prefix of every map name; the member configuration gives these maps their backups. */
  static final String PREFIX = "orchestrator.";

  static final String EPOCH = "epoch";
  static final String STARTED = "started";
  static final String COORDINATOR = "coordinator";
  static final String DONE = "done";

  final String run;
  final IMap<String, TaskRecord> tasks;
  final IMap<String, Object> meta;
  final IMap<String, Integer> agents;

  RunMaps(HazelcastInstance instance, String run) {
    this.run = run;
    this.tasks = instance.getMap(PREFIX + run + ".tasks");
    this.meta = instance.getMap(PREFIX + run + ".meta");
    this.agents = instance.getMap(PREFIX + run + ".agents");
  }

  /** The run's report once its coordinator has finished it, else null. */
  ClusterReport done() {
    return (ClusterReport) meta.get(DONE);
  }
}
