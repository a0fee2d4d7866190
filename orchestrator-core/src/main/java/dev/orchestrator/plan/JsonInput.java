package dev.orchestrator.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON document read with Jackson's streaming parser, so that every error can say where it is:
 * the source, the line and column, and the field. Objects whose fields are needed together (a task)
 * are read as a map of small trees, each with the location of its value.
 */
final class JsonInput implements AutoCloseable {

  /** Duplicate keys are an error, not "the last one wins". */
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** A field's value and where it starts. */
  record Field(String name, JsonNode value, int line, int column) {}

  private final JsonParser parser;
  private final String source;

  private JsonInput(JsonParser parser, String source) {
    this.parser = parser;
    this.source = source;
  }

  static JsonInput open(Reader reader, String source) throws IOException {
    return new JsonInput(MAPPER.createParser(reader), source);
  }

  String source() {
    return source;
  }

  /** The next token; a syntax error becomes a {@link PlanFormatException} at its location. */
  JsonToken next() throws IOException {
    try {
      return parser.nextToken();
    } catch (JsonProcessingException e) {
      throw syntax(e);
    }
  }

  /** Moves to the first token and checks it starts an object. */
  void startObject(String what) throws IOException {
    JsonToken token = next();
    if (token == null) {
      throw error("the file is empty; expected " + what + " as a JSON object");
    }
    if (token != JsonToken.START_OBJECT) {
      throw error("expected " + what + " as a JSON object '{ ... }', found " + describe(token));
    }
  }

  /**
   * Moves to the next field of the current object.
   *
   * @return the field's name, with the parser on its value; null at the end of the object
   */
  String nextField() throws IOException {
    JsonToken token = next();
    if (token == JsonToken.END_OBJECT) {
      return null;
    }
    String name = parser.currentName();
    next(); // the value
    return name;
  }

  /** Checks nothing but whitespace follows the top-level value. */
  void expectEnd() throws IOException {
    JsonToken token = next();
    if (token != null) {
      throw error("unexpected " + describe(token) + " after the end of the top-level object");
    }
  }

  /** The current value (the parser is on its first token) as a tree, with its location. */
  Field field(String name) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    try {
      JsonNode value = MAPPER.readTree(parser);
      return new Field(name, value, at.getLineNr(), at.getColumnNr());
    } catch (JsonProcessingException e) {
      throw syntax(e);
    }
  }

  /** Reads the current object (the parser is on its '{') as fields by name, in file order. */
  Map<String, Field> object(String what) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw error(what + ": expected a JSON object '{ ... }', found " + describe(parser.currentToken()));
    }
    Map<String, Field> fields = new LinkedHashMap<>();
    for (String name = nextField(); name != null; name = nextField()) {
      fields.put(name, field(name));
    }
    return fields;
  }

  /** Skips the current value, however deep. */
  void skipValue() throws IOException {
    try {
      parser.skipChildren();
    } catch (JsonProcessingException e) {
      throw syntax(e);
    }
  }

  JsonToken currentToken() {
    return parser.currentToken();
  }

  int line() {
    return parser.currentTokenLocation().getLineNr();
  }

  int column() {
    return parser.currentTokenLocation().getColumnNr();
  }

  /** An error at the current token. */
  PlanFormatException error(String message) {
    return new PlanFormatException(source, line(), column(), message, null);
  }

  /** An error at a field's value. */
  PlanFormatException error(Field field, String message) {
    return new PlanFormatException(source, field.line(), field.column(), message, null);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  private PlanFormatException syntax(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return new PlanFormatException(source, at == null ? 0 : at.getLineNr(),
        at == null ? 0 : at.getColumnNr(), "malformed JSON: " + e.getOriginalMessage(), e);
  }

  // ---- typed values of fields; `where` names the task and field, e.g. "task 'a' (tasks[0]), field 'estimate'"

  String text(Field field, String where) {
    if (!field.value().isTextual()) {
      throw error(field, where + ": expected a string, found " + describe(field.value()));
    }
    return field.value().textValue();
  }

  /** A non-blank string. */
  String nonBlank(Field field, String where) {
    String text = text(field, where);
    if (text.isBlank()) {
      throw error(field, where + ": cannot be blank");
    }
    return text;
  }

  int integer(Field field, String where) {
    JsonNode value = field.value();
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw error(field, where + ": expected a whole number, found " + describe(value));
    }
    return value.intValue();
  }

  double number(Field field, String where) {
    JsonNode value = field.value();
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      throw error(field, where + ": expected a number, found " + describe(value));
    }
    return value.doubleValue();
  }

  boolean bool(Field field, String where) {
    if (!field.value().isBoolean()) {
      throw error(field, where + ": expected true or false, found " + describe(field.value()));
    }
    return field.value().booleanValue();
  }

  /** An ISO-8601 duration ({@code "PT3M"}) or a number of seconds ({@code 180}, {@code 0.25}). */
  Duration duration(Field field, String where) {
    JsonNode value = field.value();
    if (value.isNumber()) {
      return seconds(value.doubleValue(), field, where);
    }
    if (value.isTextual()) {
      try {
        return Duration.parse(value.textValue().strip());
      } catch (DateTimeParseException e) {
        // fall through to the error below
      }
    }
    throw error(field, where + ": expected an ISO-8601 duration such as \"PT3M\" or \"PT0.5S\", or a"
        + " number of seconds, found " + describe(value));
  }

  Duration seconds(double seconds, Field field, String where) {
    if (!Double.isFinite(seconds) || Math.abs(seconds) > 9.2e9) {
      throw error(field, where + ": " + seconds + " seconds is not a usable duration");
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  /** An enum constant by name, case-insensitive, {@code -} the same as {@code _}. */
  <E extends Enum<E>> E constant(Field field, String where, Class<E> type) {
    String text = text(field, where);
    String wanted = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(wanted)) {
        return constant;
      }
    }
    StringBuilder known = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      known.append(known.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
    }
    throw error(field, where + ": unknown value \"" + text + "\"; expected one of " + known);
  }

  static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    String kind = switch (value.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> "a value";
    };
    if (value.isValueNode() && !value.isNull()) {
      String text = value.toString();
      return kind + " (" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + ")";
    }
    return kind;
  }

  static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the file";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }
}
