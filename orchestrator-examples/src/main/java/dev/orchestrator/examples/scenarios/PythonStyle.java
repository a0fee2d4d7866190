package dev.orchestrator.examples.scenarios;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The refactor scenario's coding standard, a subset of PEP 8 with its codes: W191 indentation with
 * tabs, E111 indentation not a multiple of four, E231 no space after a comma, E225 no spaces around
 * an assignment, E711 comparison to None with {@code ==}/{@code !=}, W291 trailing whitespace, E302
 * two blank lines before a top-level {@code def}/{@code class}, E301 one blank line before a method
 * (but the first of its class), N802 function names in lower case,
 * W292 no newline at the end. {@link #fix} rewrites a file to it; {@link #sameCode} tells whether a
 * rewrite changed nothing but layout and the renames.
 */
final class PythonStyle {

  private static final Pattern DEF = Pattern.compile("^\\s*def (\\w+)\\(", Pattern.MULTILINE);
  private static final Pattern CAMEL = Pattern.compile("[a-z]+[A-Z]\\w*");
  private static final Pattern ASSIGNMENT = Pattern.compile("^(\\s*)([\\w.\\[\\]]+)=(?!=)(\\S.*)$");
  private static final Pattern TOKEN = Pattern.compile("\\w+|==|!=|\\S");
  private static final Pattern COMMA = Pattern.compile(",(?=\\S)");

  private PythonStyle() {}

  /** The violations, each as {@code line N: CODE message}. */
  static List<String> violations(String source) {
    List<String> found = new ArrayList<>();
    String[] lines = source.split("\n", -1);
    int blanks = 2;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String where = "line " + (i + 1) + ": ";
      String indent = line.substring(0, line.length() - line.stripLeading().length());
      if (indent.contains("\t")) {
        found.add(where + "W191 indentation contains tabs");
      } else if (indent.length() % 4 != 0) {
        found.add(where + "E111 indentation is not a multiple of four");
      }
      if (!line.isEmpty() && Character.isWhitespace(line.charAt(line.length() - 1)) && !line.isBlank()) {
        found.add(where + "W291 trailing whitespace");
      }
      String code = line.strip();
      if (COMMA.matcher(code).find()) {
        found.add(where + "E231 missing whitespace after ','");
      }
      if (ASSIGNMENT.matcher(line).matches()) {
        found.add(where + "E225 missing whitespace around operator");
      }
      if (code.contains("== None") || code.contains("!= None")) {
        found.add(where + "E711 comparison to None should be 'is' or 'is not'");
      }
      Matcher def = DEF.matcher(line);
      if (def.find() && CAMEL.matcher(def.group(1)).matches()) {
        found.add(where + "N802 function name '" + def.group(1) + "' should be lowercase");
      }
      boolean topLevel = (code.startsWith("def ") || code.startsWith("class ")) && indent.isEmpty();
      if (topLevel && blanks < 2) {
        found.add(where + "E302 expected 2 blank lines, found " + blanks);
      }
      if (code.startsWith("def ") && !indent.isEmpty() && blanks == 0 && i > 0
          && !lines[i - 1].strip().startsWith("class ")) {
        found.add(where + "E301 expected 1 blank line, found 0");
      }
      blanks = line.isBlank() ? blanks + 1 : 0;
    }
    if (!source.endsWith("\n")) {
      found.add("line " + lines.length + ": W292 no newline at end of file");
    }
    return found;
  }

  /** The camelCase functions a file defines, with their snake_case names. */
  static Map<String, String> renames(String source) {
    Map<String, String> renames = new LinkedHashMap<>();
    Matcher def = DEF.matcher(source);
    while (def.find()) {
      String name = def.group(1);
      if (CAMEL.matcher(name).matches()) {
        renames.put(name, name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT));
      }
    }
    return renames;
  }

  /** The file rewritten to the standard. */
  static String fix(String source) {
    Map<String, String> renames = renames(source);
    int factor = 4 / indentUnit(source);
    List<String> out = new ArrayList<>();
    for (String raw : source.split("\n", -1)) {
      String line = reindent(raw, factor).stripTrailing();
      Matcher assignment = ASSIGNMENT.matcher(line);
      if (assignment.matches()) {
        line = assignment.group(1) + assignment.group(2) + " = " + assignment.group(3);
      }
      line = COMMA.matcher(line).replaceAll(", ");
      line = line.replace("!= None", "is not None").replace("== None", "is None");
      for (Map.Entry<String, String> rename : renames.entrySet()) {
        line = line.replaceAll("\\b" + rename.getKey() + "\\b", rename.getValue());
      }
      boolean topLevel = line.startsWith("def ") || line.startsWith("class ");
      boolean method = !topLevel && line.stripLeading().startsWith("def ");
      if (method && !out.isEmpty() && !out.get(out.size() - 1).isEmpty()
          && !out.get(out.size() - 1).stripLeading().startsWith("class ")) {
        out.add("");
      }
      if (topLevel && !out.isEmpty()) {
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
          out.remove(out.size() - 1);
        }
        out.add("");
        out.add("");
      }
      out.add(line);
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return String.join("\n", out) + "\n";
  }

  /** The file's indentation step in columns (a tab counts four): 1, 2 or 4. */
  private static int indentUnit(String source) {
    int unit = 4;
    for (String line : source.split("\n")) {
      String indent = line.substring(0, line.length() - line.stripLeading().length());
      if (!line.isBlank() && !indent.isEmpty() && !indent.contains("\t")) {
        unit = Math.min(unit, indent.length() % 4 == 0 ? 4 : indent.length() % 2 == 0 ? 2 : 1);
      }
    }
    return unit;
  }

  /** Tabs become four spaces; spaces are scaled to four a level. */
  private static String reindent(String line, int factor) {
    String body = line.stripLeading();
    String indent = line.substring(0, line.length() - body.length());
    int width = 0;
    for (char c : indent.toCharArray()) {
      width += c == '\t' ? 4 : factor;
    }
    return " ".repeat(width) + body;
  }

  /**
   * Whether {@code after} is {@code before} with only layout changed, the functions renamed and
   * comparisons to None spelled with {@code is}: the same tokens once those are applied.
   */
  static boolean sameCode(String before, String after) {
    Map<String, String> renames = renames(before);
    List<String> expected = new ArrayList<>();
    Matcher m = TOKEN.matcher(before.replace("!= None", "is not None").replace("== None", "is None"));
    while (m.find()) {
      expected.add(renames.getOrDefault(m.group(), m.group()));
    }
    List<String> actual = new ArrayList<>();
    Matcher n = TOKEN.matcher(after);
    while (n.find()) {
      actual.add(n.group());
    }
    return expected.equals(actual) && indentationLevels(before).equals(indentationLevels(after));
  }

  /** The nesting level of each non-blank line: the block structure, which Python's meaning depends on. */
  private static List<Integer> indentationLevels(String source) {
    List<Integer> levels = new ArrayList<>();
    List<Integer> stack = new ArrayList<>(List.of(0));
    for (String line : source.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String indent = line.substring(0, line.length() - line.stripLeading().length());
      int width = indent.replace("\t", "    ").length();
      while (width < stack.get(stack.size() - 1)) {
        stack.remove(stack.size() - 1);
      }
      if (width > stack.get(stack.size() - 1)) {
        stack.add(width);
      }
      levels.add(stack.size() - 1);
    }
    return levels;
  }
}
