package dev.orchestrator.cluster;

import dev.orchestrator.plan.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A cluster member in its own JVM, for the kill tests: joins on {@code args[0]} (its port) with
 * the members {@code args[1]} (comma-separated ports), runs the layered plan ({@code args[2]}
 * layers of {@code args[3]} tasks, {@code args[4]} microseconds of work each) as run {@code
 * args[5]}, and appends one line per execution ("task pid") to {@code args[6]}, written straight to
 * the file so that a kill loses none. Prints {@code RAN n} every 100 executions and {@code DONE
 * <report>} at the end.
 */
public final class ClusterChild {

  private static final java.util.concurrent.locks.ReentrantLock WRITING =
      new java.util.concurrent.locks.ReentrantLock();

  private ClusterChild() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int[] ports = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
    int layers = Integer.parseInt(args[2]);
    int width = Integer.parseInt(args[3]);
    long workNanos = Long.parseLong(args[4]) * 1_000;
    String run = args[5];
    long pid = ProcessHandle.current().pid();
    AtomicInteger ran = new AtomicInteger();
    try (FileChannel log = FileChannel.open(Path.of(args[6]), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      Plan plan = LayeredPlans.layered(run, layers, width, (id, attempt) -> {
        write(log, id + " " + pid + "\n");
        if (ran.incrementAndGet() % 100 == 0) {
          System.out.println("RAN " + ran.get());
        }
        LockSupport.parkNanos(workNanos); // the task's work: waiting on something, as I/O does
      });
      ClusterConfig config = ClusterConfig.builder().clusterName("kill-test").port(port)
          .members(ports).agents(4).failureDetection(Duration.ofSeconds(3)).build();
      try (ClusterMember member = HazelcastCluster.join(config)) {
        System.out.println("READY " + pid);
        ClusterReport report = member.run(run, plan, Duration.ofMinutes(3));
        System.out.println("DONE " + report.isSuccess() + " " + report.succeeded() + " "
            + report.tasks() + " " + report.epoch() + " " + report.restored() + " "
            + report.requeued());
      }
    }
    System.exit(0);
  }

  private static void write(FileChannel log, String line) {
    try {
      ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      WRITING.lock(); // one line at a time
      try {
        while (bytes.hasRemaining()) {
          log.write(bytes);
        }
      } finally {
        WRITING.unlock();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
