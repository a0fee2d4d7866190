package dev.orchestrator.crash;

import dev.orchestrator.Workflow;
import dev.orchestrator.task.DependencyKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The workflow of the crash test: {@value #TASKS} tasks in {@value #COLUMNS} chains; each task adds
 * its number to the output of the one before it in its chain (a DATA dependency), and records that
 * it ran in a side file, synced before it returns, so that the test can count executions across a
 * kill. The last task of each chain checks the chain's sum, so a wrongly restored output fails it.
 */
public final class CrashWorkflow {

  public static final int TASKS = 10_000;
  public static final int COLUMNS = 100;

  /** A task's output: the running sum of its chain. */
  public record Sum(long value) {}

  private CrashWorkflow() {}

  public static String id(int i) {
    return String.format("item-%05d", i);
  }

  /**
   * The workflow, recording executions in {@code sideFile}.
   *
   * @param work how much computation each task does (xorshift steps), so that the killed
   *     run lasts long enough to be killed in the middle on a fast machine
   */
  public static Workflow build(Path sideFile, int work) {
    FileChannel side;
    try {
      side = FileChannel.open(sideFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Workflow.Builder workflow = Workflow.named("crash");
    for (int i = 0; i < TASKS; i++) {
      int k = i;
      workflow.task(id(i), t -> {
        if (k >= COLUMNS) {
          t.after(DependencyKind.DATA, id(k - COLUMNS));
        }
        t.produce(ctx -> {
          long before = k >= COLUMNS ? ctx.input(id(k - COLUMNS), Sum.class).value() : 0;
          long x = k + 1;
          for (int j = 0; j < work; j++) { // xorshift: nothing the JIT can fold away
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
          }
          Sum sum = new Sum(before + k);
          if (k >= TASKS - COLUMNS && sum.value() != expected(k)) {
            throw new IllegalStateException(ctx.taskId() + ": chain sum " + sum.value()
                + " != " + expected(k));
          }
          // One small O_APPEND write is atomic; force() makes it durable before the task returns.
          String line = ctx.taskId() + (x == 42 ? " !" : "") + "\n"; // uses x: the work is done
          side.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
          side.force(false);
          return sum;
        });
      });
    }
    return workflow.build();
  }

  /** The sum of chain {@code k % COLUMNS} up to task {@code k}. */
  static long expected(int k) {
    long sum = 0;
    for (int j = k % COLUMNS; j <= k; j += COLUMNS) {
      sum += j;
    }
    return sum;
  }
}
