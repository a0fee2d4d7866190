package dev.orchestrator.resource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A short active disk probe: {@value #WRITERS} writers each write 4 KiB blocks at random offsets of
 * a 1 MiB file of their own and force each one to the device ({@code FileChannel.force}), for a
 * fixed time; IOPS = operations completed ÷ elapsed time.
 *
 * <p>Synced small writes are what a file task's rename, create or small write costs once it reaches
 * the disk, and what a page cache cannot hide; several writers keep a queue of requests at the
 * device as concurrent file tasks do. On a memory-backed temporary directory the figure is the
 * memory's, which is then the truth for tasks working in that directory.
 */
final class DiskIopsProbe {

  static final Duration DEFAULT_DURATION = Duration.ofMillis(250);
  static final int WRITERS = 8;
  private static final int BLOCK = 4096;
  private static final int FILE_SIZE = 1 << 20;

  private DiskIopsProbe() {}

  /** The result: operations per second and how they were measured. */
  record Result(double iops, String description) {}

  /**
   * Runs the probe in {@code directory}.
   *
   * @throws IOException if the probe files cannot be created, written or removed
   */
  static Result measure(Path directory, Duration duration) throws IOException {
    Path dir = Files.createTempDirectory(directory, "orchestrator-iops-");
    List<Path> files = new ArrayList<>(WRITERS);
    try {
      for (int w = 0; w < WRITERS; w++) {
        Path file = dir.resolve("probe-" + w);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
          channel.write(ByteBuffer.allocate(FILE_SIZE));
          channel.force(false);
        }
        files.add(file);
      }
      AtomicLong operations = new AtomicLong();
      AtomicReference<IOException> failure = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(WRITERS);
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      // Platform threads: a forced write blocks its thread in the kernel; a virtual thread would
      // pin or add carriers, which would measure the scheduler as well as the disk.
      for (int w = 0; w < WRITERS; w++) {
        Path file = files.get(w);
        long seed = w;
        Thread.ofPlatform().daemon().name("orchestrator-iops-probe-" + w).start(() -> {
          try {
            operations.addAndGet(write(file, seed, deadline));
          } catch (IOException e) {
            failure.compareAndSet(null, e);
          } finally {
            done.countDown();
          }
        });
      }
      awaitUninterruptibly(done);
      long elapsed = System.nanoTime() - start;
      if (failure.get() != null) {
        throw failure.get();
      }
      double iops = operations.get() / (elapsed / 1e9);
      return new Result(iops, String.format(java.util.Locale.ROOT,
          "measured: %,d synced 4 KiB writes by %d writers in %d ms in %s",
          operations.get(), WRITERS, elapsed / 1_000_000, directory));
    } finally {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    }
  }

  private static long write(Path file, long seed, long deadline) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    ByteBuffer block = ByteBuffer.allocate(BLOCK);
    long ops = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      do {
        block.clear();
        block.putLong(0, ops);
        channel.write(block, (long) random.nextInt(FILE_SIZE / BLOCK) * BLOCK);
        channel.force(false);
        ops++;
      } while (System.nanoTime() < deadline);
    }
    return ops;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the writers stop at their deadline; wait for them, then restore
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
