package dev.orchestrator;

import dev.orchestrator.internal.Checks;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.Dependency;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.GateCheck;
import dev.orchestrator.task.TaskSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A body of work described as tasks: the input of the pipeline.
 *
 * <pre>{@code
 * Workflow workflow = Workflow.named("deploy v2")
 *     .task("backup", t -> t.critical().run(ctx -> backup()))
 *     .forEach("deploy", servers, (server, t) -> t
 *         .type(TaskType.DEPLOYMENT).estimate(Duration.ofMinutes(3))
 *         .group(server.region())
 *         .run(ctx -> deploy(server)))
 *     .after("backup")                       // every task of the "deploy" block
 *     .task("report", t -> t.after("deploy").run(ctx -> summarize()))
 *     .build();
 * }</pre>
 *
 * <p>Each call of {@code task}, {@code forEach}, {@code chunked}, {@code files} and {@code gate}
 * adds a <em>block</em> under a name. A dependency may name a task or a block (then it means every
 * task of the block), and {@link Builder#after(String...)} adds dependencies to every task of the
 * last block added. Instances are immutable; {@link #plan()} validates and analyses the graph.
 */
public final class Workflow {

  private final String name;
  private final String goal;
  private final ExecutionMode mode;
  private final int concurrencyLimit;
  private final Duration defaultEstimate;
  private final List<TaskSpec> tasks;
  private final Map<String, List<String>> blocks;

  private Workflow(Builder b, List<TaskSpec> tasks, Map<String, List<String>> blocks) {
    this.name = b.name;
    this.goal = b.goal;
    this.mode = b.mode;
    this.concurrencyLimit = b.concurrencyLimit;
    this.defaultEstimate = b.defaultEstimate;
    this.tasks = tasks;
    this.blocks = blocks;
  }

  /**
   * Starts a workflow.
   *
   * @param name the workflow's name, also the plan's
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static Builder named(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** The plain-English goal, if one was given. */
  public Optional<String> goal() {
    return Optional.ofNullable(goal);
  }

  public ExecutionMode mode() {
    return mode;
  }

  /** The tasks, in the order they were added, with block references expanded. */
  public List<TaskSpec> tasks() {
    return tasks;
  }

  /** The blocks, in the order they were added: name to the ids of their tasks. */
  public Map<String, List<String>> blocks() {
    return blocks;
  }

  /**
   * Validates and analyses the task graph.
   *
   * @throws IllegalArgumentException on a duplicate id or an unknown dependency, naming the task
   * @throws dev.orchestrator.plan.CyclicDependencyException if the dependencies form a cycle
   */
  public Plan plan() {
    Plan.Builder plan = Plan.builder(name).mode(mode).defaultEstimate(defaultEstimate).addAll(tasks);
    blocks.forEach(plan::block);
    if (goal != null) {
      plan.goal(goal);
    }
    if (concurrencyLimit > 0) {
      plan.concurrencyLimit(concurrencyLimit);
    }
    return plan.build();
  }

  @Override
  public String toString() {
    return "Workflow[" + name + ", " + tasks.size() + " tasks, " + blocks.size() + " blocks]";
  }

  /** Builds a {@link Workflow}. Not thread-safe; {@link #build()} copies the state. */
  public static final class Builder {
    private final String name;
    private String goal;
    private ExecutionMode mode = ExecutionMode.DEPENDENCY;
    private int concurrencyLimit = -1;
    private Duration defaultEstimate = Plan.DEFAULT_ESTIMATE;
    private final Map<String, List<TaskSpec.Builder>> blocks = new LinkedHashMap<>();
    private List<TaskSpec.Builder> lastBlock;
    private String lastBlockName;
    private int taskCount;

    private Builder(String name) {
      this.name = Checks.name(name, "workflow name");
    }

    /** The plain-English goal, shown in the preview and read by the goal classifier. */
    public Builder goal(String goal) {
      this.goal = Objects.requireNonNull(goal, "goal cannot be null");
      return this;
    }

    /** How tasks are released to agents (default {@link ExecutionMode#DEPENDENCY}). */
    public Builder mode(ExecutionMode mode) {
      this.mode = Objects.requireNonNull(mode, "execution mode cannot be null");
      return this;
    }

    /**
     * The most tasks that may run at once, replacing the mode's default.
     *
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public Builder concurrencyLimit(int limit) {
      this.concurrencyLimit = Checks.atLeastOne(limit, "concurrency limit");
      return this;
    }

    /**
     * The duration assumed for tasks without an estimate (default 1 s).
     *
     * @throws IllegalArgumentException if {@code estimate} is negative
     */
    public Builder defaultEstimate(Duration estimate) {
      this.defaultEstimate = Checks.notNegative(estimate, "default estimate");
      return this;
    }

    /**
     * Adds one task, a block of its own named by its id.
     *
     * @param id the task's id
     * @param configure sets the task up; it must give the task an action
     */
    public Builder task(String id, Consumer<TaskSpec.Builder> configure) {
      Objects.requireNonNull(configure, () -> "task '" + id + "': configuration cannot be null");
      TaskSpec.Builder task = TaskSpec.builder(id);
      configure.accept(task);
      return block(id, List.of(task));
    }

    /** Adds a task built elsewhere, a block of its own named by its id. */
    public Builder task(TaskSpec task) {
      Objects.requireNonNull(task, "task cannot be null");
      return block(task.id(), List.of(task.toBuilder()));
    }

    /**
     * Adds one task per item, with ids {@code name-1}, {@code name-2}, ... in item order.
     *
     * @param name the block's name
     * @param items the items
     * @param configure sets up the task of one item; it must give the task an action
     */
    public <T> Builder forEach(String name, Iterable<T> items, BiConsumer<T, TaskSpec.Builder> configure) {
      return forEach(name, items, null, configure);
    }

    /**
     * Adds one task per item, with ids {@code name-} followed by {@code idOf(item)}.
     *
     * @param idOf the item's part of its task id (unique among the items)
     */
    public <T> Builder forEach(String name, Iterable<T> items, Function<? super T, String> idOf,
        BiConsumer<T, TaskSpec.Builder> configure) {
      checkBlockName(name);
      Objects.requireNonNull(items, () -> "block '" + name + "': items cannot be null");
      Objects.requireNonNull(configure, () -> "block '" + name + "': configuration cannot be null");
      List<TaskSpec.Builder> tasks = new ArrayList<>();
      int index = 0;
      for (T item : items) {
        index++;
        String suffix = idOf == null ? Integer.toString(index) : idOf.apply(item);
        if (suffix == null) {
          throw new IllegalArgumentException(
              "block '" + name + "': the id function returned null for item #" + index);
        }
        TaskSpec.Builder task = TaskSpec.builder(name + "-" + suffix);
        configure.accept(item, task);
        tasks.add(task);
      }
      return block(name, tasks);
    }

    /**
     * Adds one task per batch of up to {@code size} items (the last batch may be smaller), with ids
     * {@code name-1}, {@code name-2}, ...
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public <T> Builder chunked(String name, List<T> items, int size,
        BiConsumer<List<T>, TaskSpec.Builder> configure) {
      checkBlockName(name);
      Objects.requireNonNull(items, () -> "block '" + name + "': items cannot be null");
      Objects.requireNonNull(configure, () -> "block '" + name + "': configuration cannot be null");
      if (size < 1) {
        throw new IllegalArgumentException("block '" + name + "': chunk size must be >= 1: " + size);
      }
      List<List<T>> batches = new ArrayList<>();
      for (int from = 0; from < items.size(); from += size) {
        batches.add(List.copyOf(items.subList(from, Math.min(items.size(), from + size))));
      }
      return forEach(name, batches, configure);
    }

    /**
     * Like {@link #chunked(String, List, int, BiConsumer)}, passing each chunk's index too: 0 for
     * the chunk of task {@code name-1}, whose first item is {@code items.get(index * size)}.
     *
     * <pre>{@code
     * .chunked("resize", photos, 100, (chunk, index, t) -> t.produce(ctx -> resize(chunk, index)))
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public <T> Builder chunked(String name, List<T> items, int size, ChunkTask<T> configure) {
      Objects.requireNonNull(configure, () -> "block '" + name + "': configuration cannot be null");
      int[] next = {0};
      return chunked(name, items, size, (chunk, task) -> configure.accept(chunk, next[0]++, task));
    }

    /**
     * Adds one task per regular file under {@code dir} whose path relative to {@code dir} matches
     * {@code glob} ({@code *.jpg} for the top level, {@code **}{@code /*.jpg} for every level), in
     * the order of their relative paths, with ids {@code name-1}, {@code name-2}, ...
     *
     * @throws IllegalArgumentException if {@code dir} is not a directory or {@code glob} is invalid
     * @throws UncheckedIOException if the directory cannot be read
     */
    public Builder files(String name, Path dir, String glob, BiConsumer<Path, TaskSpec.Builder> configure) {
      checkBlockName(name);
      Objects.requireNonNull(dir, () -> "block '" + name + "': directory cannot be null");
      Objects.requireNonNull(glob, () -> "block '" + name + "': glob cannot be null");
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("block '" + name + "': not a directory: " + dir);
      }
      PathMatcher matcher;
      try {
        matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "block '" + name + "': invalid glob '" + glob + "': " + e.getMessage(), e);
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.filter(Files::isRegularFile)
            .filter(file -> matcher.matches(dir.relativize(file)))
            .sorted((a, b) -> dir.relativize(a).toString().compareTo(dir.relativize(b).toString()))
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException("block '" + name + "': cannot list " + dir, e);
      }
      return forEach(name, files, configure);
    }

    /**
     * Adds a gate: a checkpoint that opens when everything it comes after has succeeded and {@code
     * check} says yes. Follow with {@link #after(String...)} for what it waits for; tasks that
     * should wait for the gate name it in their own {@code after(...)}.
     */
    public Builder gate(String id, GateCheck check) {
      return block(id, List.of(TaskSpec.gate(id, check)));
    }

    /** Adds the tasks a decomposer makes. */
    public Builder decompose(Decomposer decomposer) {
      Objects.requireNonNull(decomposer, "decomposer cannot be null").decompose(this);
      return this;
    }

    /**
     * Makes every task of the last block added come after these tasks or blocks ({@link
     * DependencyKind#HARD}).
     *
     * @throws IllegalStateException if no block was added yet
     */
    public Builder after(String... ids) {
      return after(DependencyKind.HARD, ids);
    }

    /**
     * Makes every task of the last block added come after these tasks or blocks.
     *
     * @throws IllegalStateException if no block was added yet
     */
    public Builder after(DependencyKind kind, String... ids) {
      if (lastBlock == null) {
        throw new IllegalStateException(
            "after(...) applies to the last task or block added, and none was added yet");
      }
      for (TaskSpec.Builder task : lastBlock) {
        task.after(kind, ids);
      }
      return this;
    }

    /** The number of tasks added so far. */
    public int size() {
      return taskCount;
    }

    /**
     * The workflow.
     *
     * @throws IllegalArgumentException if a task has no action, or a name is both a block and a
     *     task of another block
     */
    public Workflow build() {
      Map<String, List<String>> blockIds = new LinkedHashMap<>();
      Map<String, String> taskBlock = new HashMap<>();
      for (Map.Entry<String, List<TaskSpec.Builder>> block : blocks.entrySet()) {
        List<String> ids = new ArrayList<>(block.getValue().size());
        for (TaskSpec.Builder task : block.getValue()) {
          ids.add(task.id());
        }
        blockIds.put(block.getKey(), Collections.unmodifiableList(ids));
      }
      // A block name that is not the id of its own single task must not also be a task id.
      Map<String, List<String>> references = new HashMap<>();
      for (Map.Entry<String, List<String>> block : blockIds.entrySet()) {
        List<String> ids = block.getValue();
        if (ids.size() != 1 || !ids.get(0).equals(block.getKey())) {
          references.put(block.getKey(), ids);
        }
      }
      List<TaskSpec> tasks = new ArrayList<>(taskCount);
      for (Map.Entry<String, List<TaskSpec.Builder>> block : blocks.entrySet()) {
        for (TaskSpec.Builder builder : block.getValue()) {
          String previous = taskBlock.put(builder.id(), block.getKey());
          if (previous == null && references.containsKey(builder.id())) {
            throw new IllegalArgumentException(
                "'" + builder.id() + "' names both a block of " + references.get(builder.id()).size()
                    + " tasks and a task of block '" + block.getKey() + "'; rename one of them");
          }
          TaskSpec task = builder.build();
          tasks.add(references.isEmpty() ? task : expand(task, references));
        }
      }
      return new Workflow(this, Collections.unmodifiableList(tasks),
          Collections.unmodifiableMap(blockIds));
    }

    private static TaskSpec expand(TaskSpec task, Map<String, List<String>> references) {
      boolean any = false;
      for (Dependency dependency : task.dependencies()) {
        any |= references.containsKey(dependency.on());
      }
      if (!any) {
        return task;
      }
      TaskSpec.Builder copy = task.toBuilder().clearDependencies();
      for (Dependency dependency : task.dependencies()) {
        List<String> ids = references.get(dependency.on());
        if (ids == null) {
          copy.after(dependency);
        } else {
          for (String id : ids) {
            copy.after(new Dependency(id, dependency.kind()));
          }
        }
      }
      return copy.build();
    }

    private Builder block(String blockName, List<TaskSpec.Builder> tasks) {
      checkBlockName(blockName);
      if (blocks.containsKey(blockName)) {
        throw new IllegalArgumentException(
            "block '" + blockName + "' was already added; block and task names must be unique");
      }
      blocks.put(blockName, tasks);
      lastBlock = tasks;
      lastBlockName = blockName;
      taskCount += tasks.size();
      return this;
    }

    private static void checkBlockName(String blockName) {
      Objects.requireNonNull(blockName, "block name cannot be null");
      if (blockName.isBlank()) {
        throw new IllegalArgumentException("block name cannot be blank");
      }
    }

    @Override
    public String toString() {
      return "Workflow.Builder[" + name + ", " + taskCount + " tasks, last block " + lastBlockName + "]";
    }
  }

  /**
   * Sets up the task of one chunk of a {@link Builder#chunked(String, List, int, ChunkTask)
   * chunked} block.
   *
   * @param <T> the items' type
   */
  @FunctionalInterface
  public interface ChunkTask<T> {
    /**
     * Sets up one chunk's task.
     *
     * @param chunk the chunk's items
     * @param index the chunk's index, from 0, in item order
     * @param task the task's builder; it must be given an action
     */
    void accept(List<T> chunk, int index, TaskSpec.Builder task);
  }
}
