package dev.orchestrator.schedule;

/**
 * The one encoding of a task's state in the scheduling core, and the transitions between states
 * that are legal. A transition not in the table is a bug in the core or its caller and fails
 * loudly ({@link IllegalStateException}), the way Dask's scheduler keeps its transitions in one
 * table.
 *
 * <pre>
 * from \ to    HELD READY RUNNING RETRY_WAIT CHILDREN SUCCEEDED FAILED SKIPPED CANCELLED
 * WAITING       x    x                                  x(1)            x        x
 * HELD               x                                  x(1)                     x
 * READY                    x                            x(1)                     x
 * RUNNING            x(2)          x          x         x        x               x
 * RETRY_WAIT         x                                           x(3)            x
 * CHILDREN                                              x        x               x
 * </pre>
 *
 * <ul>
 *   <li>WAITING: some dependency has not finished. It becomes READY when the last one has (HELD in
 *       barrier modes while an earlier wave is unfinished), or SKIPPED when a HARD or DATA
 *       dependency failed (CANCELLED while the run is being cancelled).
 *   <li>HELD: ready, but behind a wave barrier; READY when the waves before it have finished.
 *   <li>READY: in the ready queue; RUNNING when an agent takes it.
 *   <li>RUNNING: handed to an agent. Its attempt succeeds, fails or is cancelled; a failed attempt
 *       that will be retried makes it RETRY_WAIT, a finished task whose spawned children still run
 *       CHILDREN. (2) A task taken but never started is given back: READY again.
 *   <li>RETRY_WAIT: waiting out a retry delay (or a paused group) without an agent; READY when the
 *       delay is over. (3) Ends for good without another attempt when its group is never resumed.
 *   <li>CHILDREN: its own work is done, its children still run; it ends when they have.
 *   <li>SUCCEEDED, FAILED, SKIPPED, CANCELLED: terminal, never left. (1) A task that succeeded in an
 *       earlier run of the plan (restored from a journal) becomes SUCCEEDED before it starts.
 * </ul>
 */
public final class TaskStates {

  // The terminal states are 1 to 4, so that 0 can mean "no outcome yet" where only outcomes are kept.
  public static final byte WAITING = 0;
  public static final byte SUCCEEDED = 1;
  public static final byte FAILED = 2;
  public static final byte SKIPPED = 3;
  public static final byte CANCELLED = 4;
  public static final byte HELD = 5;
  public static final byte READY = 6;
  public static final byte RUNNING = 7;
  public static final byte RETRY_WAIT = 8;
  public static final byte CHILDREN = 9;

  private static final String[] NAMES = {"WAITING", "SUCCEEDED", "FAILED", "SKIPPED", "CANCELLED",
      "HELD", "READY", "RUNNING", "RETRY_WAIT", "CHILDREN"};

  /** Per state, a bit per state it may move to. */
  private static final int[] LEGAL = new int[NAMES.length];

  static {
    allow(WAITING, HELD, READY, SUCCEEDED, SKIPPED, CANCELLED);
    allow(HELD, READY, SUCCEEDED, CANCELLED);
    allow(READY, RUNNING, SUCCEEDED, CANCELLED);
    allow(RUNNING, READY, RETRY_WAIT, CHILDREN, SUCCEEDED, FAILED, CANCELLED);
    allow(RETRY_WAIT, READY, FAILED, CANCELLED);
    allow(CHILDREN, SUCCEEDED, FAILED, CANCELLED);
  }

  private TaskStates() {}

  private static void allow(byte from, byte... to) {
    for (byte s : to) {
      LEGAL[from] |= 1 << s;
    }
  }

  /** Whether a task may move from {@code from} to {@code to}. */
  public static boolean isLegal(byte from, byte to) {
    return (LEGAL[from] & (1 << to)) != 0;
  }

  /** Whether a state is terminal (SUCCEEDED, FAILED, SKIPPED or CANCELLED). */
  public static boolean isTerminal(byte state) {
    return state >= SUCCEEDED && state <= CANCELLED;
  }

  /** A state's name, for messages. */
  public static String name(byte state) {
    return state >= 0 && state < NAMES.length ? NAMES[state] : "state " + state;
  }

  /** The failure of an illegal transition. */
  static IllegalStateException illegal(int task, byte from, byte to) {
    return new IllegalStateException(
        "task #" + task + " cannot move from " + name(from) + " to " + name(to));
  }
}
