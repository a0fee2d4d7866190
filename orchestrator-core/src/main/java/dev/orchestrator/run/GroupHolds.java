package dev.orchestrator.run;

import dev.orchestrator.schedule.Dispatcher;
import dev.orchestrator.task.TaskSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The paused groups of a run and the tasks they hold. A task of a paused group that the dispatcher
 * hands out is put back as "waiting to retry" without an attempt (so it holds no agent and counts
 * as pending); resuming the group makes its tasks ready again. A group the failure supervisor
 * paused ends its held tasks CANCELLED, with the reason, once nothing else is left to run, so that
 * the run ends; a group the user paused waits for the user, as a paused run does.
 *
 * <p>Not thread-safe: used under the run's lock.
 */
final class GroupHolds {

  private final Dispatcher dispatcher;
  private final IntFunction<TaskSpec> specs;
  private final Map<Integer, String> causes; // the run's failure causes, read by its terminal event
  private final Map<String, String> paused = new LinkedHashMap<>(); // group -> why
  private final java.util.Set<String> byUser = new java.util.HashSet<>();
  private final List<Integer> held = new ArrayList<>();

  GroupHolds(Dispatcher dispatcher, IntFunction<TaskSpec> specs, Map<Integer, String> causes) {
    this.dispatcher = dispatcher;
    this.specs = specs;
    this.causes = causes;
  }

  /**
   * Pauses a group; returns false if it was paused already.
   *
   * @param user whether the user paused it (then only the user resumes it)
   */
  boolean pause(String group, String reason, boolean user) {
    if (paused.putIfAbsent(group, reason) != null) {
      return false;
    }
    if (user) {
      byUser.add(group);
    }
    return true;
  }

  /** The paused groups, in the order they were paused. */
  List<String> groups() {
    return List.copyOf(paused.keySet());
  }

  /**
   * Holds a task the dispatcher just handed out if its group is paused.
   *
   * @return whether it was held (the caller must not run it)
   */
  boolean hold(int t) {
    if (paused.isEmpty()) {
      return false;
    }
    String group = specs.apply(t).group().orElse(null);
    if (group == null || !paused.containsKey(group)) {
      return false;
    }
    dispatcher.retrying(t);
    held.add(t);
    return true;
  }

  /**
   * Resumes a group: its held tasks are ready again.
   *
   * @return how many tasks were released, or -1 if the group was not paused
   */
  int resume(String group, long now) {
    if (paused.remove(group) == null) {
      return -1;
    }
    byUser.remove(group);
    int released = 0;
    for (Iterator<Integer> it = held.iterator(); it.hasNext(); ) {
      int t = it.next();
      if (group.equals(specs.apply(t).group().orElse(null))) {
        it.remove();
        dispatcher.requeue(t, now);
        released++;
      }
    }
    return released;
  }

  /**
   * Ends the held tasks of the groups the supervisor paused CANCELLED with their group's reason:
   * nothing else is left to run.
   */
  void endAutomaticHolds(long now) {
    List<Integer> ending = new ArrayList<>();
    for (Iterator<Integer> it = held.iterator(); it.hasNext(); ) {
      int t = it.next();
      if (!byUser.contains(specs.apply(t).group().orElseThrow())) {
        it.remove();
        ending.add(t);
      }
    }
    for (int t : ending) {
      if (dispatcher.isWaitingToRetry(t)) {
        String group = specs.apply(t).group().orElseThrow();
        causes.put(t, "group '" + group + "' was paused (" + paused.get(group)
            + ") and not resumed before the rest of the run ended");
        dispatcher.endWaiting(t, Dispatcher.CANCELLED, now);
      }
    }
  }
}
