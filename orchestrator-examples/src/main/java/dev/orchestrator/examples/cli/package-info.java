/**
 * The {@code orchestrator} command-line tool: one class per subcommand ({@code PlanCommand}), the
 * shared graph-file options and loading ({@code GraphFileOptions}, {@code GraphFiles}), the shared
 * {@code --json} object ({@code JsonOutput}), and option converters. Uses the public API of {@code
 * orchestrator-core}, picocli and Jackson.
 */
package dev.orchestrator.examples.cli;
