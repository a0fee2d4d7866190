package dev.orchestrator.run;

/** The kind of thread an agent runs on. */
public enum AgentThreads {
  /**
   * Virtual threads (the default): cheap, ideal for tasks that wait (I/O, calls, sleeps). They are
   * not time-sliced, so a CPU-bound task keeps its carrier until it blocks.
   */
  VIRTUAL,
  /**
   * Platform threads, time-sliced by the operating system: for CPU-bound task types, with about as
   * many agents as cores.
   */
  PLATFORM
}
