/**
 * The scheduling policy that the wave estimates, the simulator and the real scheduler all follow:
 * the dispatch state machine, the priority-order search, and the virtual-clock schedule. Not
 * exported; single-threaded and free of clocks (callers pass time in).
 */
package dev.orchestrator.schedule;
