package dev.orchestrator.examples.scenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The untidy repository the clean-up scenario works on, generated into a directory, and what the
 * clean-up's planner finds in it: 20 duplicate files, 15 scattered documents, 10 build files with
 * outdated dependencies, 25 sources that break the formatting standard, 10 sources with a copy of a
 * shared helper, and 5 READMEs with stale links — 85 subtasks in all.
 *
 * <p>Paths are relative to the repository root, with {@code /} separators.
 */
final class CleanupRepository {

  static final List<String> MODULES = List.of("billing", "catalog", "orders", "users", "payments",
      "shipping", "search", "reviews", "inventory", "notifications");
  private static final List<String> SUFFIXES = List.of("Service", "Repository", "Validator", "Mapper");
  static final int LINT_FILES = 25;
  static final int REFACTOR_FILES = 10;
  static final String CHECKS = "shared/src/com/acme/shared/Checks.java";
  static final String CATALOG = "versions.properties";
  static final Map<String, String> CURRENT_VERSIONS = new LinkedHashMap<>();
  private static final Map<String, String> OLD_VERSIONS = new LinkedHashMap<>();

  static {
    CURRENT_VERSIONS.put("guava", "33.4.0-jre");
    CURRENT_VERSIONS.put("jackson-databind", "2.18.2");
    CURRENT_VERSIONS.put("slf4j-api", "2.0.16");
    OLD_VERSIONS.put("guava", "31.1-jre");
    OLD_VERSIONS.put("jackson-databind", "2.13.0");
    OLD_VERSIONS.put("slf4j-api", "1.7.36");
  }

  /** The documents: path, then content. Headings come in every style people use. */
  private static final Map<String, String> DOCS = new LinkedHashMap<>();

  static {
    DOCS.put("notes/setup.txt", "Setup\n=====\n\nInstall a JDK 21 and run the build from the root.\n");
    DOCS.put("notes/release-process.txt", "Release process\n===============\n\nTag the release, let CI publish it.\n");
    DOCS.put("notes/oncall.txt", "On-call\n-------\n\nThe rota is in the team calendar; page via the alert channel.\n");
    DOCS.put("wiki/Deploying.md", "# Deploying\n\nDeploy with the canary first, then the rest.\n");
    DOCS.put("wiki/Monitoring.md", "# Monitoring\n\nDashboards live in the metrics service.\n");
    DOCS.put("wiki/Database-Migrations.md", "# Database migrations\n\nMigrations run before the deploy.\n");
    DOCS.put("misc/ARCHITECTURE_OVERVIEW.md", "ARCHITECTURE OVERVIEW\n\nTen modules around a shared core.\n");
    DOCS.put("misc/CODING_GUIDE.txt", "Coding guide\n------------\n\nTwo spaces, no tabs, explicit imports.\n");
    DOCS.put("misc/faq.txt", "FAQ\n===\n\nQ: Where are the docs? A: Everywhere, for now.\n");
    for (String module : MODULES.subList(0, 6)) {
      DOCS.put("modules/" + module + "/NOTES.md", "NOTES: " + module + "\n\nOpen questions about the "
          + module + " module.\n");
    }
  }

  private final Path root;
  private final List<String> duplicates = new ArrayList<>();
  private final List<String> docs = new ArrayList<>(DOCS.keySet());
  private final List<String> buildFiles = new ArrayList<>();
  private final List<String> lintFiles = new ArrayList<>();
  private final List<String> refactorFiles = new ArrayList<>();
  private final List<String> readmes = List.of("README.md", "modules/README.md", "docs/README.md",
      "tools/README.md", "config/README.md");
  private final Map<String, String> cleanSources = new LinkedHashMap<>();

  private CleanupRepository(Path root) {
    this.root = root;
  }

  /** Writes the repository under {@code root} (which must not exist or be empty). */
  static CleanupRepository generate(Path root) throws IOException {
    CleanupRepository repo = new CleanupRepository(root);
    repo.write();
    return repo;
  }

  Path root() {
    return root;
  }

  /** The files that look like copies (the dedupe tasks confirm by content). */
  List<String> duplicates() {
    return List.copyOf(duplicates);
  }

  List<String> docs() {
    return List.copyOf(docs);
  }

  List<String> buildFiles() {
    return List.copyOf(buildFiles);
  }

  List<String> lintFiles() {
    return List.copyOf(lintFiles);
  }

  List<String> refactorFiles() {
    return List.copyOf(refactorFiles);
  }

  List<String> readmes() {
    return readmes;
  }

  /** What each source of a lint task must read like once fixed. */
  String cleanSource(String path) {
    return cleanSources.get(path);
  }

  /** The fully qualified class names of the module sources. */
  List<String> classNames() {
    List<String> names = new ArrayList<>();
    for (String path : lintFiles) {
      names.add(className(path));
    }
    for (String path : refactorFiles) {
      names.add(className(path));
    }
    return names;
  }

  private static String className(String path) {
    String afterSrc = path.substring(path.indexOf("/src/") + 5);
    return afterSrc.substring(0, afterSrc.length() - ".java".length()).replace('/', '.');
  }

  // ---------------------------------------------------------------------------------- writing

  private void write() throws IOException {
    int index = 0;
    for (String module : MODULES) {
      for (String suffix : SUFFIXES) {
        if (index == LINT_FILES + REFACTOR_FILES) {
          break;
        }
        String type = Character.toUpperCase(module.charAt(0)) + module.substring(1) + suffix;
        String path = "modules/" + module + "/src/com/acme/" + module + "/" + type + ".java";
        String clean = source(module, type, false);
        if (index < LINT_FILES) {
          lintFiles.add(path);
          cleanSources.put(path, clean);
          write(path, untidy(clean));
        } else {
          refactorFiles.add(path);
          write(path, source(module, type, true));
        }
        index++;
      }
      String build = "modules/" + module + "/build.properties";
      StringBuilder properties = new StringBuilder("module=" + module + "\n");
      OLD_VERSIONS.forEach((name, version) -> properties.append("dependency.").append(name).append('=')
          .append(version).append('\n'));
      write(build, properties.toString());
      buildFiles.add(build);
    }
    write(CHECKS, """
        package com.acme.shared;

        /** Argument checks shared by every module. */
        public final class Checks {

          private Checks() {}

          /** Returns the value, or throws if it is null or blank. */
          public static String requireNonBlank(String value, String name) {
            if (value == null || value.isBlank()) {
              throw new IllegalArgumentException(name + " cannot be blank");
            }
            return value;
          }
        }
        """);
    StringBuilder catalog = new StringBuilder("# The versions every module should use.\n");
    CURRENT_VERSIONS.forEach((name, version) -> catalog.append(name).append('=').append(version).append('\n'));
    write(CATALOG, catalog.toString());
    DOCS.forEach(this::writeUnchecked);
    // Duplicates: backups of ten sources and copies of ten documents.
    for (int i = 0; i < 10; i++) {
      String source = lintFiles.get(i);
      copy(source, source + ".bak");
      String doc = docs.get(i);
      int dot = doc.lastIndexOf('.');
      copy(doc, doc.substring(0, dot) + "-copy" + doc.substring(dot));
    }
    write("tools/format.sh", "#!/bin/sh\n# Formats the sources (see ../misc/CODING_GUIDE.txt).\n");
    write("config/app.properties", "shop.name=Acme\n");
    writeReadmes();
  }

  private void writeReadmes() throws IOException {
    write("README.md", """
        # Acme shop

        The monorepo of the Acme shop.

        ## Documentation

        - [Setup](notes/setup.txt)
        - [Setup, again](notes/setup-copy.txt)
        - [Release process](notes/release-process.txt)
        - [On-call](notes/oncall.txt)
        - [Deploying](wiki/Deploying.md)
        - [Deploying (old)](wiki/Deploying-copy.md)
        - [Monitoring](wiki/Monitoring.md)
        - [Migrations](wiki/Database-Migrations.md)
        - [Architecture](misc/ARCHITECTURE_OVERVIEW.md)
        - [FAQ](misc/faq.txt)
        """);
    StringBuilder modules = new StringBuilder("# Modules\n\nEach module owns one part of the shop.\n\n"
        + "## Notes\n\n");
    for (String module : MODULES.subList(0, 6)) {
      modules.append("- [").append(module).append(" notes](").append(module).append("/NOTES.md)\n");
    }
    modules.append("- [billing service backup](billing/src/com/acme/billing/BillingService.java.bak)\n");
    write("modules/README.md", modules.toString());
    write("docs/README.md", """
        # Documentation

        Nothing here yet; see the wiki:

        - [Deploying](../wiki/Deploying.md)
        - [Monitoring](../wiki/Monitoring.md)
        """);
    write("tools/README.md", """
        # Tools

        - [Formatter](format.sh), following the [coding guide](../misc/CODING_GUIDE.txt)
        """);
    write("config/README.md", """
        # Configuration

        - [Application settings](app.properties)
        - [How releases pick them up](../notes/release-process.txt)
        """);
  }

  /** A module source; with {@code ownHelper} it carries its own copy of the shared check. */
  private static String source(String module, String type, boolean ownHelper) {
    String check = ownHelper ? "    requireNonBlank(key, \"key\");\n" : "";
    String helper = ownHelper ? """

          private static String requireNonBlank(String value, String name) {
            if (value == null || value.isBlank()) {
              throw new IllegalArgumentException(name + " cannot be blank");
            }
            return value;
          }
        """ : "";
    return "package com.acme." + module + ";\n\n"
        + "import java.util.ArrayList;\nimport java.util.HashMap;\nimport java.util.List;\nimport java.util.Map;\n\n"
        + "/** " + type + ": part of the " + module + " module. */\n"
        + "public final class " + type + " {\n\n"
        + "  private final Map<String, List<String>> entries = new HashMap<>();\n\n"
        + "  /** Adds a value under a key. */\n"
        + "  public void add(String key, String value) {\n"
        + check
        + "    entries.computeIfAbsent(key, k -> new ArrayList<>()).add(value);\n"
        + "  }\n\n"
        + "  /** The values under a key. */\n"
        + "  public List<String> get(String key) {\n"
        + "    return entries.getOrDefault(key, List.of());\n"
        + "  }\n\n"
        + "  /** How many keys. */\n"
        + "  public int size() {\n"
        + "    return entries.size();\n"
        + "  }\n"
        + helper
        + "}\n";
  }

  /** The clean source as someone in a hurry left it: tabs, trailing blanks, a wildcard import. */
  private static String untidy(String clean) {
    String text = clean.replaceFirst(
        "import java.util.ArrayList;\nimport java.util.HashMap;\nimport java.util.List;\nimport java.util.Map;\n",
        "import java.util.*;\n");
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      int spaces = 0;
      while (spaces < line.length() && line.charAt(spaces) == ' ') {
        spaces++;
      }
      out.append("\t".repeat(spaces / 2)).append(line.substring(spaces));
      if (line.endsWith("{")) {
        out.append("  "); // trailing blanks
      }
      out.append('\n');
    }
    return out.toString().replace("{  \n\n", "{  \n\n\n").stripTrailing(); // no final newline
  }

  private void write(String path, String content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private void writeUnchecked(String path, String content) {
    try {
      write(path, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void copy(String from, String to) throws IOException {
    Files.copy(root.resolve(from), root.resolve(to));
    duplicates.add(to);
  }

  // -------------------------------------------------------------- analysis shared by tasks and checks

  /** Every file of the repository (not .git), relative, sorted. */
  static List<String> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.startsWith(".git/"))
          .sorted().toList();
    }
  }

  static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Groups of files with the same content, two or more each. */
  static List<List<String>> identicalFiles(Path root) throws IOException {
    Map<String, List<String>> bySha = new TreeMap<>();
    for (String file : files(root)) {
      bySha.computeIfAbsent(sha256(root.resolve(file)), k -> new ArrayList<>()).add(file);
    }
    return bySha.values().stream().filter(g -> g.size() > 1).toList();
  }

  private static final Pattern UNDERLINE = Pattern.compile("[=-]{3,}");

  /** A document's title, from whichever heading style it uses. */
  static String title(String content) {
    String[] lines = content.strip().split("\n");
    String first = lines[0].strip();
    if (first.startsWith("#")) {
      return first.replaceFirst("^#+\\s*", "");
    }
    if (first.startsWith("NOTES:")) {
      String module = first.substring("NOTES:".length()).strip();
      return Character.toUpperCase(module.charAt(0)) + module.substring(1) + " notes";
    }
    if (first.equals(first.toUpperCase(Locale.ROOT)) && first.length() > 3) {
      String lower = first.toLowerCase(Locale.ROOT).replace('_', ' ');
      return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
    return first;
  }

  /** A document's body: what follows its heading (and the heading's underline). */
  static String body(String content) {
    String[] lines = content.strip().split("\n", -1);
    int start = 1;
    if (lines.length > 1 && UNDERLINE.matcher(lines[1].strip()).matches()) {
      start = 2;
    }
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.min(start, lines.length), lines.length)).strip();
  }

  /** Where a document goes: {@code docs/<slug>.md}. */
  static String docTarget(String title) {
    return "docs/" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "") + ".md";
  }

  static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");

  /** Links in a README that do not resolve to a file, as "README: target". */
  static List<String> brokenLinks(Path root, String readme) throws IOException {
    List<String> broken = new ArrayList<>();
    Path dir = root.resolve(readme).getParent();
    Matcher m = LINK.matcher(Files.readString(root.resolve(readme)));
    while (m.find()) {
      if (!Files.exists(dir.resolve(m.group(2)).normalize())) {
        broken.add(readme + ": " + m.group(2));
      }
    }
    return broken;
  }

  /** The dependency versions a build file declares. */
  static Map<String, String> dependencies(Path buildFile) throws IOException {
    Properties properties = new Properties();
    try (var in = Files.newBufferedReader(buildFile)) {
      properties.load(in);
    }
    Map<String, String> deps = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith("dependency.")) {
        deps.put(key.substring("dependency.".length()), properties.getProperty(key));
      }
    }
    return deps;
  }
}
