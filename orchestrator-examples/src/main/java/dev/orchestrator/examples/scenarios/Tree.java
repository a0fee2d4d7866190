package dev.orchestrator.examples.scenarios;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/** Deletes directory trees. */
final class Tree {

  /** Threads deleting at once: unlinking is mostly waiting on the disk, so more than the cores. */
  private static final int DELETE_THREADS = 8;

  private Tree() {}

  /**
   * Deletes {@code root} and everything under it, its subdirectories in parallel; nothing if it
   * does not exist.
   */
  static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> children;
    try (Stream<Path> list = Files.list(root)) {
      children = list.toList();
    }
    List<Future<?>> deletions = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(DELETE_THREADS)) {
      for (Path child : children) {
        deletions.add(pool.submit(() -> {
          deleteSequentially(child);
          return null;
        }));
      }
      for (Future<?> deletion : deletions) {
        deletion.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot delete " + root + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while deleting " + root, e);
    }
    Files.delete(root);
  }

  private static void deleteSequentially(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
