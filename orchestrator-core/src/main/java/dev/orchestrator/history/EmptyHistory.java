package dev.orchestrator.history;

import java.util.List;
import java.util.Map;

/** Holds {@link ExecutionHistory#none()}, so the interface exposes no implementation type. */
final class EmptyHistory {

  static final ExecutionHistory INSTANCE = ExecutionHistory.of(List.of(), Map.of());

  private EmptyHistory() {}
}
