package dev.orchestrator.observe;

import java.util.Locale;

/**
 * What a failure analysis found ({@link RunEvent.FailureAnalysis#classification()}), and so what the
 * run does about it (see {@code docs/reliability.md}).
 */
public enum FailurePattern {
  /** Most failures share one cause, or every recent attempt failed: the run aborts. */
  SYSTEMATIC,
  /** Failures without a common cause: the pool shrinks and failed tasks retry. */
  RANDOM,
  /** The failures sit in one group (a region, say): that group pauses, the others go on. */
  GROUPED;

  /** The name in lower case, as report.json, the journal and the dashboard write it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
