package dev.orchestrator.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Skill profiles: the distinct tag sets of tasks (profile 0: no tags; at most {@value
 * ReadyQueue#MAX_PROFILES}, the rest run on any agent) and, per agent slot, the profiles its skills
 * cover as a bit mask. An agent serves the profiles its skills cover plus those no live agent covers
 * (so that a skill nobody has never blocks a task).
 */
final class SkillProfiles {

  private final List<Set<String>> profiles = new ArrayList<>();
  private long[] agentMask = new long[8];
  private boolean[] agentLive = new boolean[8];
  private Set<String>[] skillsOf = newSkillArray(8);
  private int agentSlots;
  private final int[] coverage = new int[ReadyQueue.MAX_PROFILES];
  private long orphanMask;

  SkillProfiles() {
    profiles.add(Set.of());
  }

  @SuppressWarnings("unchecked")
  private static Set<String>[] newSkillArray(int size) {
    return (Set<String>[]) new Set<?>[size];
  }

  /** How many profiles there are. */
  int count() {
    return profiles.size();
  }

  /** The profile of a task's tags, made if new. */
  int profileOf(Set<String> tags) {
    if (tags.isEmpty()) {
      return 0;
    }
    int p = profiles.indexOf(tags);
    if (p >= 0) {
      return p;
    }
    if (profiles.size() == ReadyQueue.MAX_PROFILES - 1) {
      return 0; // too many distinct skill sets: the rest run on any agent
    }
    profiles.add(Set.copyOf(tags));
    p = profiles.size() - 1;
    for (int a = 0; a < agentSlots; a++) {
      if (agentLive[a] && skillsOf[a] != null && skillsOf[a].containsAll(profiles.get(p))) {
        agentMask[a] |= 1L << p;
        coverage[p]++;
      }
    }
    updateOrphans();
    return p;
  }

  /** An agent joins; returns its slot. */
  int join(Set<String> skills) {
    int slot = agentSlots++;
    if (slot == agentMask.length) {
      agentMask = Arrays.copyOf(agentMask, slot * 2);
      agentLive = Arrays.copyOf(agentLive, slot * 2);
      skillsOf = Arrays.copyOf(skillsOf, slot * 2);
    }
    skillsOf[slot] = Set.copyOf(skills);
    agentLive[slot] = true;
    long mask = 1L;
    for (int p = 1; p < profiles.size(); p++) {
      if (skillsOf[slot].containsAll(profiles.get(p))) {
        mask |= 1L << p;
        coverage[p]++;
      }
    }
    agentMask[slot] = mask;
    updateOrphans();
    return slot;
  }

  /** An agent leaves (retired or replaced). */
  void leave(int slot) {
    if (!agentLive[slot]) {
      return;
    }
    agentLive[slot] = false;
    for (int p = 1; p < profiles.size(); p++) {
      if ((agentMask[slot] & (1L << p)) != 0) {
        coverage[p]--;
      }
    }
    updateOrphans();
  }

  private void updateOrphans() {
    long mask = 0;
    for (int p = 1; p < profiles.size(); p++) {
      if (coverage[p] == 0) {
        mask |= 1L << p;
      }
    }
    orphanMask = mask;
  }

  /** The profiles the agent in {@code slot} serves. */
  long served(int slot) {
    return agentMask[slot] | orphanMask;
  }
}
