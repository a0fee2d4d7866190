package dev.orchestrator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shapes {@code docs/report-format.md} documents, read from its tables, and a check of a JSON
 * file against one: every field of the file must be documented with its type, and every documented
 * field must be in the file (children of {@code null} objects and of empty arrays excepted).
 */
final class ReportFormat {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([a-z|\\\\]+) \\|");

  private ReportFormat() {}

  static Path doc() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path doc = p.resolve("docs/report-format.md");
      if (Files.exists(doc)) {
        return doc;
      }
    }
    throw new AssertionError("docs/report-format.md not found above " + dir);
  }

  /** The documented fields of one file's section ("dashboard.json", "report.json", "manifests"). */
  static Map<String, Set<String>> fields(String section) {
    try {
      List<String> lines = Files.readAllLines(doc());
      Map<String, Set<String>> fields = new LinkedHashMap<>();
      boolean in = false;
      for (String line : lines) {
        if (line.startsWith("## ")) {
          in = line.substring(3).startsWith(section);
          continue;
        }
        Matcher m = ROW.matcher(line);
        if (in && m.find()) {
          fields.put(m.group(1), Set.of(m.group(2).replace("\\", "").split("\\|")));
        }
      }
      assertThat(fields).as("documented fields of " + section).isNotEmpty();
      return fields;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks a file against its section; returns the parsed JSON. */
  static JsonNode check(String section, Path file) {
    JsonNode root = read(file);
    Map<String, Set<String>> documented = fields(section);
    Map<String, String> actual = new LinkedHashMap<>();
    List<String> present = new ArrayList<>(); // containers whose children must all be there
    walk("", root, actual, present);
    for (Map.Entry<String, String> e : actual.entrySet()) {
      assertThat(documented).as(file + ": field '" + e.getKey() + "' is not documented in "
          + section).containsKey(e.getKey());
      Set<String> types = documented.get(e.getKey());
      String type = e.getValue();
      boolean ok = types.contains(type) || (type.equals("integer") && types.contains("number"));
      assertThat(ok).as(file + ": field '" + e.getKey() + "' is " + type + ", documented as "
          + types).isTrue();
    }
    for (String field : documented.keySet()) {
      String parent = parent(field);
      if (parent.isEmpty() || present.contains(parent)) {
        assertThat(actual).as(file + ": documented field '" + field + "' is missing").containsKey(field);
      }
    }
    return root;
  }

  private static String parent(String field) {
    if (field.endsWith("[]")) {
      return field.substring(0, field.length() - 2);
    }
    int dot = field.lastIndexOf('.');
    return dot < 0 ? "" : field.substring(0, dot);
  }

  private static void walk(String path, JsonNode node, Map<String, String> actual, List<String> present) {
    if (!path.isEmpty() && !(node.isObject() && path.endsWith("[]"))) {
      actual.put(path, type(node)); // an array's object items are described by their fields
    }
    if (node.isObject()) {
      if (!path.isEmpty()) {
        present.add(path);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        walk(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), actual, present);
      }
    } else if (node.isArray() && !node.isEmpty()) {
      present.add(path);
      for (JsonNode item : node) {
        walkItem(path + "[]", item, actual, present);
      }
    }
  }

  private static void walkItem(String path, JsonNode item, Map<String, String> actual, List<String> present) {
    String before = actual.get(path);
    walk(path, item, actual, present);
    if (before != null && !before.equals(actual.get(path))) {
      actual.put(path, before.equals("null") ? actual.get(path) : before); // keep the non-null type
    }
  }

  private static String type(JsonNode node) {
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isIntegralNumber()) {
      return "integer";
    }
    if (node.isNumber()) {
      return "number";
    }
    if (node.isBoolean()) {
      return "boolean";
    }
    if (node.isArray()) {
      return "array";
    }
    return "object";
  }
}
