package dev.orchestrator.scale;

/**
 * Operations a goal may name that must run alone (a critical task: a wave of its own, nothing
 * beside it), as the goal classifier recognises them.
 */
public enum CriticalOperation {
  /** A safety backup before anything changes. */
  BACKUP,
  /** A data or schema migration. */
  MIGRATION,
  /** The final commit of the changes. */
  FINAL_COMMIT,
  /** A deployment to production. */
  PRODUCTION_DEPLOY
}
