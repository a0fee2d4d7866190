package dev.orchestrator.examples.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orchestrator.Orchestrator;
import dev.orchestrator.Workflow;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.scale.TaskTypeScaler;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskContext;
import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The rename scenario: rename a photo library (default 100,000 files; a full 1,000,000 with
 * {@code --size 1000000}) to a new naming convention, {@code album-0001/IMG_20190312_0000123.JPG}
 * becoming {@code album-0001/2019-03-12_0000123.jpg}, and verify every file.
 *
 * <p>The files are real, in a temporary directory removed afterwards; each holds its original name,
 * so verification proves that every file got the right new name. Waves: scan (one task per album
 * of up to 1,000 files, building its rename manifest), rename batches (each reading its album's
 * manifest through a DATA dependency; a rename never replaces an existing file), verify (content
 * checked), report. Every task is {@link TaskType#FILE_IO} with an estimate calibrated on this
 * machine, so the auto-scaler can weigh them against the disk's IOPS.
 */
public final class RenameScenario implements Scenario {

  /** Files when no size is given. */
  public static final int DEFAULT_FILES = 100_000;
  /** Files per album, and so per scan, rename and verify task. */
  static final int FILES_PER_ALBUM = 1_000;

  static final Pattern OLD_NAME = Pattern.compile("IMG_(\\d{4})(\\d{2})(\\d{2})_(\\d{7})\\.JPG");
  static final Pattern NEW_NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}_\\d{7}\\.jpg");

  private static final LocalDate FIRST_DAY = LocalDate.of(2015, 1, 1);
  private static final int CALIBRATION_FILES = 500;

  @Override
  public String name() {
    return "rename";
  }

  @Override
  public String description() {
    return "rename a photo library to a new naming convention and verify every file";
  }

  @Override
  public int defaultSize() {
    return DEFAULT_FILES;
  }

  @Override
  public String sizeUnit() {
    return "files";
  }

  /** The original name of photo number {@code i} (0-based). */
  static String oldName(int i) {
    LocalDate day = FIRST_DAY.plusDays(i % 3_650);
    return String.format(Locale.ROOT, "IMG_%04d%02d%02d_%07d.JPG", day.getYear(), day.getMonthValue(),
        day.getDayOfMonth(), i + 1);
  }

  /** The name under the new convention, or null if {@code name} does not follow the old one. */
  static String newName(String name) {
    Matcher m = OLD_NAME.matcher(name);
    return m.matches() ? m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "_" + m.group(4) + ".jpg" : null;
  }

  @Override
  public PreparedScenario prepare(ScenarioSettings settings) throws IOException {
    int files = settings.sizeOr(DEFAULT_FILES);
    Path root = Files.createTempDirectory("orchestrator-rename-");
    try {
      long start = System.nanoTime();
      List<Path> albums = generate(root, files);
      Duration generated = Duration.ofNanos(System.nanoTime() - start);
      Costs costs = calibrate(root.resolve("calibration"));
      settings.out().printf(Locale.ROOT,
          "Library: %,d photos in %,d albums under %s (written in %s)%nCalibrated on %d files: a"
              + " listing takes %s per file, a rename %s, a check %s%n",
          files, albums.size(), root, Durations.format(generated), CALIBRATION_FILES,
          micros(costs.list()), micros(costs.rename()), micros(costs.verify()));
      return new Library(root, albums, files, costs, settings);
    } catch (IOException | RuntimeException e) {
      Tree.delete(root);
      throw e;
    }
  }

  private static String micros(Duration d) {
    return String.format(Locale.ROOT, "%.1f µs", d.toNanos() / 1000.0);
  }

  /** Writes the library, albums in parallel; returns the albums in order. */
  private static List<Path> generate(Path root, int files) throws IOException {
    int albums = (files + FILES_PER_ALBUM - 1) / FILES_PER_ALBUM;
    List<Path> dirs = new ArrayList<>(albums);
    for (int a = 0; a < albums; a++) {
      dirs.add(Files.createDirectory(root.resolve(String.format(Locale.ROOT, "album-%04d", a + 1))));
    }
    try {
      IntStream.range(0, albums).parallel().forEach(a -> {
        int from = a * FILES_PER_ALBUM;
        int to = Math.min(files, from + FILES_PER_ALBUM);
        for (int i = from; i < to; i++) {
          String name = oldName(i);
          try {
            Files.write(dirs.get(a).resolve(name), name.getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return List.copyOf(dirs);
  }

  /** Costs per file of listing, renaming and checking, measured here on a scratch album. */
  record Costs(Duration list, Duration rename, Duration verify) {}

  /** Two rounds, the second counted: the first one pays for class loading and the JIT. */
  private static Costs calibrate(Path dir) throws IOException {
    calibrateOnce(dir);
    return calibrateOnce(dir);
  }

  private static Costs calibrateOnce(Path dir) throws IOException {
    Files.createDirectory(dir);
    try {
      for (int i = 0; i < CALIBRATION_FILES; i++) {
        String name = oldName(i);
        Files.write(dir.resolve(name), name.getBytes(StandardCharsets.US_ASCII));
      }
      long t0 = System.nanoTime();
      Manifest manifest = scan(dir);
      long t1 = System.nanoTime();
      rename(dir, manifest);
      long t2 = System.nanoTime();
      verify(dir, manifest);
      long t3 = System.nanoTime();
      return new Costs(Duration.ofNanos((t1 - t0) / CALIBRATION_FILES), Duration.ofNanos((t2 - t1) / CALIBRATION_FILES),
          Duration.ofNanos((t3 - t2) / CALIBRATION_FILES));
    } finally {
      Tree.delete(dir);
    }
  }

  /** An album's renames: old and new names, in the same order; and the files left alone. */
  record Manifest(List<String> from, List<String> to, int leftAlone) {}

  /** What a verification found. */
  record Verified(int ok, List<String> problems) {}

  static Manifest scan(Path album) throws IOException {
    List<String> from = new ArrayList<>(FILES_PER_ALBUM);
    List<String> to = new ArrayList<>(FILES_PER_ALBUM);
    int other = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(album)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        String renamed = newName(name);
        if (renamed == null) {
          other++;
        } else {
          from.add(name);
          to.add(renamed);
        }
      }
    }
    return new Manifest(List.copyOf(from), List.copyOf(to), other);
  }

  static Manifest rename(Path album, Manifest manifest) throws IOException {
    for (int i = 0; i < manifest.from().size(); i++) {
      // No REPLACE_EXISTING: a rename never overwrites a file.
      Files.move(album.resolve(manifest.from().get(i)), album.resolve(manifest.to().get(i)));
    }
    return manifest;
  }

  static Verified verify(Path album, Manifest manifest) throws IOException {
    int ok = 0;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < manifest.from().size(); i++) {
      String from = manifest.from().get(i);
      Path renamed = album.resolve(manifest.to().get(i));
      String problem = null;
      if (Files.exists(album.resolve(from))) {
        problem = from + " still exists";
      } else if (!Files.isRegularFile(renamed)) {
        problem = renamed.getFileName() + " is missing";
      } else if (!new String(Files.readAllBytes(renamed), StandardCharsets.US_ASCII).equals(from)) {
        problem = renamed.getFileName() + " does not hold " + from;
      }
      if (problem == null) {
        ok++;
      } else if (problems.size() < 20) {
        problems.add(album.getFileName() + "/" + problem);
      }
    }
    return new Verified(ok, List.copyOf(problems));
  }

  /** The prepared library. */
  static final class Library implements PreparedScenario {
    private final Path root;
    private final List<Path> albums;
    private final int files;
    private final Costs costs;
    private final ScenarioSettings settings;
    private final LongAdder verified = new LongAdder();

    Library(Path root, List<Path> albums, int files, Costs costs, ScenarioSettings settings) {
      this.root = root;
      this.albums = albums;
      this.files = files;
      this.costs = costs;
      this.settings = settings;
    }

    Path root() {
      return root;
    }

    @Override
    public void configure(Orchestrator.Builder orchestrator) {
      // A scan, rename or verify task touches up to an album's worth of files: that many I/Os,
      // which is what the file-I/O scaler divides the disk's IOPS by.
      orchestrator.scaler(TaskType.FILE_IO, TaskTypeScaler.fileIo(FILES_PER_ALBUM));
    }

    @Override
    public Workflow workflow() {
      List<String> names = albums.stream().map(a -> a.getFileName().toString()).toList();
      Workflow.Builder w = Workflow.named(String.format(Locale.ROOT, "rename %,d photos", files))
          .goal(String.format(Locale.ROOT, "Rename %,d image files to follow the new naming convention"
              + " (IMG_yyyyMMdd_n.JPG to yyyy-MM-dd_n.jpg) and verify them", files));
      w.forEach("scan", albums, a -> a.getFileName().toString(), (album, t) -> t
          .name("Scan " + album.getFileName()).type(TaskType.FILE_IO)
          .estimate(costs.list().multipliedBy(size(album)))
          .produce(ctx -> scan(album)));
      w.forEach("rename", albums, a -> a.getFileName().toString(), (album, t) -> t
          .name("Rename " + album.getFileName()).type(TaskType.FILE_IO)
          .estimate(costs.rename().multipliedBy(size(album)))
          .after(DependencyKind.DATA, "scan-" + album.getFileName())
          .compensate(ctx -> undo(album, ctx.input("scan-" + album.getFileName(), Manifest.class)))
          .produce(ctx -> rename(album, ctx.input("scan-" + album.getFileName(), Manifest.class))));
      w.forEach("verify", albums, a -> a.getFileName().toString(), (album, t) -> t
          .name("Verify " + album.getFileName()).type(TaskType.FILE_IO)
          .estimate(costs.verify().multipliedBy(size(album)))
          .after(DependencyKind.DATA, "rename-" + album.getFileName())
          .produce(ctx -> {
            Verified v = verify(album, ctx.input("rename-" + album.getFileName(), Manifest.class));
            verified.add(v.ok());
            return v;
          }));
      return w.task("report", t -> t.name("Final report").type(TaskType.FILE_IO)
              .estimate(Duration.ofMillis(5)).after(DependencyKind.DATA, "verify")
              .run(ctx -> report(ctx, names)))
          .build();
    }

    private int size(Path album) {
      int index = albums.indexOf(album);
      return Math.min(FILES_PER_ALBUM, files - index * FILES_PER_ALBUM);
    }

    private static void undo(Path album, Manifest manifest) throws IOException {
      for (int i = 0; i < manifest.to().size(); i++) {
        Path renamed = album.resolve(manifest.to().get(i));
        if (Files.exists(renamed)) {
          Files.move(renamed, album.resolve(manifest.from().get(i)));
        }
      }
    }

    private void report(TaskContext ctx, List<String> names) throws IOException {
      long ok = 0;
      List<String> problems = new ArrayList<>();
      for (String name : names) {
        Verified v = ctx.input("verify-" + name, Verified.class);
        ok += v.ok();
        problems.addAll(v.problems());
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("files", files);
      json.put("albums", names.size());
      json.put("verified", ok);
      json.put("problems", problems);
      json.put("convention", "IMG_yyyyMMdd_n.JPG -> yyyy-MM-dd_n.jpg");
      json.put("example", Map.of("from", oldName(0), "to", newName(oldName(0))));
      Path file = settings.runDir().resolve("rename-report.json");
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
      ctx.artifact(file);
      ctx.criterion("every file renamed and verified", ok == files && problems.isEmpty(),
          ok + " of " + files + " verified by content");
      if (ok != files || !problems.isEmpty()) {
        throw new IllegalStateException("verification found problems: " + ok + " of " + files
            + " verified; " + problems);
      }
    }

    @Override
    public Outcome check(Plan plan, RunReport report) throws IOException {
      // Independent of the tasks' own verification: count names on disk.
      long renamed = 0;
      long old = 0;
      long other = 0;
      for (Path album : albums) {
        try (Stream<Path> entries = Files.list(album)) {
          for (Path entry : (Iterable<Path>) entries::iterator) {
            String name = entry.getFileName().toString();
            if (NEW_NAME.matcher(name).matches()) {
              renamed++;
            } else if (OLD_NAME.matcher(name).matches()) {
              old++;
            } else {
              other++;
            }
          }
        }
      }
      Outcome.Builder outcome = Outcome.builder()
          .check(renamed == files && old == 0 && other == 0, String.format(Locale.ROOT,
              "%,d files on disk follow the new convention; %,d the old one; %,d others", renamed, old, other))
          .check(verified.sum() == files, String.format(Locale.ROOT,
              "%,d files verified by content (each holds its original name)", verified.sum()))
          .check(report.isSuccess(), String.format(Locale.ROOT, "all %,d tasks succeeded", report.taskCount()));
      Path file = settings.runDir().resolve("rename-report.json");
      if (Files.isRegularFile(file)) {
        outcome.file(file);
      }
      double seconds = report.makespan().toNanos() / 1e9;
      outcome.note(String.format(Locale.ROOT, "Throughput: %,.0f files renamed and verified per second",
          files / Math.max(seconds, 1e-9)));
      return outcome.build();
    }

    @Override
    public void close() throws IOException {
      long start = System.nanoTime();
      Tree.delete(root);
      settings.out().printf(Locale.ROOT, "Removed the temporary library %s (%s)%n", root,
          Durations.format(Duration.ofNanos(System.nanoTime() - start)));
      settings.out().flush();
    }
  }
}
