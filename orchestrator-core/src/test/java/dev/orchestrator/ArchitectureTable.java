package dev.orchestrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The package table of {@code docs/architecture.md} ("Packages and what each may use"), read as
 * data, so that the document is the one place that says which packages exist, which are exported
 * and what each may use; {@link PackageArchitectureTest} checks the code against it.
 *
 * <p>Each row is {@code | `package` | yes/no | what it holds | what it may use |}. The last cell is a
 * list separated by commas or semicolons: a package of the module in backticks, relative to
 * {@code dev.orchestrator} ({@code `plan`}, {@code `schedule`}), {@code every package}, or a library
 * named in {@link #LIBRARIES}. Anything else in that cell is an error, so that a typo cannot turn a
 * rule off.
 */
record ArchitectureTable(Map<String, Row> rows) {

  static final String ROOT = "dev.orchestrator";
  static final String HEADING = "## Packages and what each may use";

  /** The libraries a row may name, with the packages each stands for (ArchUnit syntax). */
  static final Map<String, List<String>> LIBRARIES = Map.of(
      "JDK", List.of("java..", "javax..", "jdk..", "com.sun.."),
      "Guava", List.of("com.google.common.."),
      "Jackson", List.of("com.fasterxml.jackson.."),
      "SLF4J", List.of("org.slf4j.."),
      "OSHI", List.of("oshi.."),
      "Hazelcast", List.of("com.hazelcast.."));

  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z.]+)`\\s*\\|\\s*(yes|no)\\s*\\|(.*)\\|([^|]*)\\|\\s*$");
  private static final Pattern PACKAGE = Pattern.compile("`([a-z][a-z.]*)`");

  /**
   * One package: whether {@code module-info} exports it, and what it may use.
   *
   * @param name the package's full name
   * @param exported whether it is part of the API
   * @param everyPackage whether it may use every package of the module (the root)
   * @param packages the packages of the module it may use, full names, itself not included
   * @param libraries the package patterns of the libraries it may use
   */
  record Row(String name, boolean exported, boolean everyPackage, Set<String> packages, List<String> libraries) {}

  /** Reads the table of the repository's {@code docs/architecture.md}. */
  static ArchitectureTable read() {
    Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in orchestrator-core
    try {
      return parse(Files.readAllLines(root.resolve("docs/architecture.md")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ArchitectureTable parse(List<String> lines) {
    int start = lines.indexOf(HEADING);
    if (start < 0) {
      throw new IllegalStateException("docs/architecture.md has no heading '" + HEADING + "'");
    }
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("#")) {
        break;
      }
      Matcher m = ROW.matcher(line);
      if (line.startsWith("| `") && !m.matches()) {
        throw new IllegalStateException("package row not in the form | `package` | yes/no | holds | may use |: " + line);
      }
      if (m.matches()) {
        Row row = row(m.group(1), m.group(2).equals("yes"), m.group(4));
        if (rows.put(row.name(), row) != null) {
          throw new IllegalStateException("package listed twice: " + row.name());
        }
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException("no package rows under '" + HEADING + "'");
    }
    return new ArchitectureTable(rows);
  }

  private static Row row(String name, boolean exported, String mayUse) {
    boolean every = false;
    Set<String> packages = new LinkedHashSet<>();
    List<String> libraries = new ArrayList<>();
    for (String item : mayUse.split("[,;]")) {
      String word = item.strip();
      Matcher pkg = PACKAGE.matcher(word);
      if (word.equals("every package")) {
        every = true;
      } else if (pkg.matches()) {
        packages.add(ROOT + "." + pkg.group(1));
      } else if (LIBRARIES.containsKey(word)) {
        libraries.addAll(LIBRARIES.get(word));
      } else {
        throw new IllegalStateException("package " + name + ": '" + word + "' in its may-use cell is neither"
            + " a `package`, 'every package' nor one of the libraries " + LIBRARIES.keySet());
      }
    }
    return new Row(name, exported, every, packages, libraries);
  }
}
