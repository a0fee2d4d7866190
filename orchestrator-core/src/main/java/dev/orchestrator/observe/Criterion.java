package dev.orchestrator.observe;

import java.util.Objects;

/**
 * An acceptance criterion a task checked, as its manifest lists it.
 *
 * @param criterion what was required
 * @param met whether it holds
 * @param evidence where or how it was checked
 */
public record Criterion(String criterion, boolean met, String evidence) {
  public Criterion {
    Objects.requireNonNull(criterion, "criterion cannot be null");
    Objects.requireNonNull(evidence, "evidence cannot be null");
  }
}
