/**
 * Example scenarios as runnable programs: one class per scenario ({@code
 * DeployScenario}, {@code RenameScenario}, ...), each preparing real work (an HTTP fleet on loopback,
 * files, a generated code base) and checking its real outcome, plus the runner that plans, previews,
 * runs and summarises them. Uses the public API of {@code orchestrator-core}, the JDK and Jackson.
 */
package dev.orchestrator.examples.scenarios;
