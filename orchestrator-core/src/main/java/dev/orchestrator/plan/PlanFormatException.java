package dev.orchestrator.plan;

import java.util.Objects;

/**
 * A plan file or an imported task graph is malformed. The message starts with where: the source
 * (usually the file), and the line and column when they are known ({@code deploy.json:12:7: task
 * 'canary' (tasks[3]), field 'estimate': ...}), then says what was wrong and what is expected.
 */
public final class PlanFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final int column;

  /**
   * @param source the file (or other source) that is malformed
   * @param line the 1-based line, or 0 if unknown
   * @param column the 1-based column, or 0 if unknown
   * @param message what was wrong, without the location (it is prefixed)
   * @param cause the underlying failure, if any
   */
  public PlanFormatException(String source, int line, int column, String message, Throwable cause) {
    super(printable(location(source, line, column) + ": " + Objects.requireNonNull(message, "message")),
        cause);
    this.source = source;
    this.line = Math.max(0, line);
    this.column = Math.max(0, column);
  }

  /**
   * The message with control characters shown as {@code '?'}: it quotes the file, and a hostile
   * file must not be able to send escape sequences to the terminal that prints the error.
   */
  private static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        if (out == null) {
          out = new StringBuilder(text);
        }
        out.setCharAt(i, '?');
      }
    }
    return out == null ? text : out.toString();
  }

  private static String location(String source, int line, int column) {
    StringBuilder text = new StringBuilder(Objects.requireNonNull(source, "source"));
    if (line > 0) {
      text.append(':').append(line);
      if (column > 0) {
        text.append(':').append(column);
      }
    }
    return text.toString();
  }

  /** The malformed source, usually a file name. */
  public String source() {
    return source;
  }

  /** The 1-based line of the fault, or 0 if unknown. */
  public int line() {
    return line;
  }

  /** The 1-based column of the fault, or 0 if unknown. */
  public int column() {
    return column;
  }
}
