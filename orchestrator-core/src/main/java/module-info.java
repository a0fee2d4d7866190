/**
 * Orchestrator: plans a body of work as a task graph, decides how many parallel agents it deserves,
 * lays it out in waves, runs it on a pool of virtual-thread agents and reports what happened.
 */
module dev.orchestrator {
  requires transitive org.slf4j;
  requires com.google.common;
  requires com.fasterxml.jackson.databind;
  requires com.github.oshi;
  requires jdk.management;
  requires static com.hazelcast.core;

  exports dev.orchestrator;
  exports dev.orchestrator.task;
  exports dev.orchestrator.plan;
  exports dev.orchestrator.resource;
  exports dev.orchestrator.history;
  exports dev.orchestrator.scale;
  exports dev.orchestrator.run;
  exports dev.orchestrator.sim;
  exports dev.orchestrator.observe;
  exports dev.orchestrator.cluster;

  uses dev.orchestrator.scale.TaskTypeScalerProvider;
}
