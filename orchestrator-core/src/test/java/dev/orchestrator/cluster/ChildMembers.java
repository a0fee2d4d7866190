package dev.orchestrator.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Cluster members as child JVMs ({@link ClusterChild}), started with this JVM's java binary and
 * class path: their output lines arrive on one queue, tagged with the child's index, and {@link
 * #close()} ends every one still alive by its PID.
 */
final class ChildMembers implements AutoCloseable {

  /** A line one child printed. */
  record Line(int child, String text) {}

  final List<Process> processes = new ArrayList<>();
  final List<Path> logs = new ArrayList<>();
  final List<StringBuilder> outputs = new ArrayList<>();
  private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();

  ChildMembers(Path dir, int[] ports, String run, int layers, int width, long workMicros)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    StringBuilder list = new StringBuilder();
    for (int p : ports) {
      list.append(list.isEmpty() ? "" : ",").append(p);
    }
    for (int i = 0; i < ports.length; i++) {
      Path log = dir.resolve("executions-" + i + ".txt");
      Files.createFile(log);
      logs.add(log);
      Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
          "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4",
          "-cp", System.getProperty("java.class.path"), ClusterChild.class.getName(),
          String.valueOf(ports[i]), list.toString(), String.valueOf(layers), String.valueOf(width),
          String.valueOf(workMicros), run, log.toString())
          .redirectErrorStream(true).start();
      processes.add(p);
      StringBuilder out = new StringBuilder();
      outputs.add(out);
      int index = i;
      Thread.ofPlatform().daemon().name("child-" + i + "-output").start(() -> {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (out) {
              out.append(line).append('\n');
            }
            lines.add(new Line(index, line));
          }
        } catch (IOException e) {
          lines.add(new Line(index, "output ended: " + e));
        }
      });
    }
  }

  /** Waits for a line matching {@code wanted}; fails after {@code seconds}. */
  Line await(Predicate<Line> wanted, long seconds, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      Line line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
      if (line == null) {
        throw new AssertionError("no " + what + " within " + seconds + " s; output:\n" + output());
      }
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  String output() {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < outputs.size(); i++) {
      synchronized (outputs.get(i)) {
        all.append("--- child ").append(i).append(" (pid ").append(processes.get(i).pid())
            .append(")\n").append(outputs.get(i));
      }
    }
    return all.toString();
  }

  /** Executions per task, each as the PID that ran it, over every child's log. */
  Map<String, List<Long>> executions() throws IOException {
    Map<String, List<Long>> runs = new HashMap<>();
    for (Path log : logs) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        String[] parts = line.split(" ");
        if (parts.length == 2) { // a line torn by the kill has no PID yet
          runs.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Long.parseLong(parts[1]));
        }
      }
    }
    return runs;
  }

  /** kill -9 of one child. */
  void kill(int child) throws InterruptedException {
    Process p = processes.get(child);
    p.destroyForcibly();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + child + " (pid " + p.pid() + ") did not die");
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    for (Process p : processes) {
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
