/**
 * Helpers several packages share and no user sees: creating run-directory files owner-only, and
 * turning task ids into safe, unique file names. Not exported by the module.
 *
 * <p>Uses the JDK only.
 */
package dev.orchestrator.internal;
