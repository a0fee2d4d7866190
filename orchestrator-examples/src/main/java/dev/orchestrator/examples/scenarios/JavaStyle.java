package dev.orchestrator.examples.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clean-up scenario's formatting standard for Java sources, as a linter and a fixer: spaces,
 * not tabs; no trailing whitespace; no two blank lines in a row; explicit imports rather than
 * {@code java.util.*}; exactly one newline at the end.
 */
final class JavaStyle {

  private static final Pattern WILDCARD = Pattern.compile("(?m)^import java\\.util\\.\\*;\\n");
  private static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Z][A-Za-z]+\\b");
  /** The java.util types the fixer knows how to import. */
  private static final Set<String> UTIL_TYPES = Set.of("ArrayList", "Arrays", "Collections",
      "HashMap", "HashSet", "LinkedHashMap", "List", "Map", "Objects", "Optional", "Set");

  private JavaStyle() {}

  /** The violations of the standard, each naming its line (1-based). */
  static List<String> violations(String source) {
    List<String> found = new ArrayList<>();
    String[] lines = source.split("\n", -1);
    boolean previousBlank = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int n = i + 1;
      if (line.indexOf('\t') >= 0) {
        found.add("line " + n + ": tab character");
      }
      if (!line.isEmpty() && Character.isWhitespace(line.charAt(line.length() - 1))) {
        found.add("line " + n + ": trailing whitespace");
      }
      boolean blank = line.isBlank();
      if (blank && previousBlank && i < lines.length - 1) {
        found.add("line " + n + ": second blank line in a row");
      }
      previousBlank = blank;
      if (line.startsWith("import ") && line.endsWith(".*;")) {
        found.add("line " + n + ": wildcard import");
      }
    }
    if (!source.endsWith("\n")) {
      found.add("line " + lines.length + ": no newline at the end of the file");
    } else if (source.endsWith("\n\n")) {
      found.add("line " + lines.length + ": blank lines at the end of the file");
    }
    return found;
  }

  /** The source rewritten to the standard (its code unchanged). */
  static String fix(String source) {
    StringBuilder out = new StringBuilder(source.length());
    boolean previousBlank = false;
    for (String line : source.split("\n", -1)) {
      String fixed = expandLeadingTabs(line).stripTrailing().replace('\t', ' ');
      boolean blank = fixed.isEmpty();
      if (blank && previousBlank) {
        continue;
      }
      out.append(fixed).append('\n');
      previousBlank = blank;
    }
    String text = out.toString().strip() + "\n";
    Matcher wildcard = WILDCARD.matcher(text);
    if (wildcard.find()) {
      text = wildcard.replaceFirst(Matcher.quoteReplacement(explicitImports(text)));
    }
    return text;
  }

  private static String expandLeadingTabs(String line) {
    int tabs = 0;
    while (tabs < line.length() && line.charAt(tabs) == '\t') {
      tabs++;
    }
    return "  ".repeat(tabs) + line.substring(tabs);
  }

  /** {@code import java.util.X;} lines for the java.util types the code uses, sorted. */
  private static String explicitImports(String source) {
    String code = source.replaceAll("(?m)^import .*$", "");
    Set<String> used = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(code);
    while (m.find()) {
      if (UTIL_TYPES.contains(m.group())) {
        used.add(m.group());
      }
    }
    StringBuilder imports = new StringBuilder();
    for (String type : used) {
      imports.append("import java.util.").append(type).append(";\n");
    }
    return imports.toString();
  }
}
