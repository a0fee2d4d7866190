package dev.orchestrator;

/**
 * Turns a goal into tasks on a workflow builder: a user's own way to decompose work (one backed by
 * an external planner, say), applied with {@link Workflow.Builder#decompose(Decomposer)}.
 *
 * <pre>{@code
 * Decomposer perShard = workflow -> {
 *   for (Shard shard : catalog.shards()) {
 *     workflow.task("reindex-" + shard.id(), t -> t.group(shard.region()).run(ctx -> reindex(shard)));
 *   }
 * };
 * Workflow.named("reindex").decompose(perShard).build();
 * }</pre>
 */
@FunctionalInterface
public interface Decomposer {

  /**
   * Adds tasks (and blocks, gates, dependencies) to the workflow.
   *
   * @param workflow the builder to add to
   */
  void decompose(Workflow.Builder workflow);
}
