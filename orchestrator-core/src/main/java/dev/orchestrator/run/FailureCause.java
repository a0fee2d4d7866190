package dev.orchestrator.run;

import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * The cause of a failure as the failure supervisor compares it: the exception type and its message
 * with what differs from task to task taken out, so that "connection refused: host-17" and
 * "connection refused: host-4" are one cause.
 */
final class FailureCause {

  static final int MAX_LENGTH = 200;
  private static final int MAX_DEPTH = 16;
  private static final Pattern UUID = Pattern.compile(
      "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  // A run of at least 8 hexadecimal digits with a digit in it: an object id, a hash, an address.
  private static final Pattern HEX = Pattern.compile("\\b(?:0x)?(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}\\b");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private FailureCause() {}

  /**
   * The normalized cause of a failure of task {@code taskId}: {@code "java.io.IOException:
   * connection refused by host-#"}.
   */
  static String of(Throwable error, String taskId) {
    Throwable e = unwrap(error);
    String message = e.getMessage();
    String text = e.getClass().getName();
    if (message != null && !message.isBlank()) {
      text += ": " + normalize(message, taskId);
    }
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH);
  }

  /** Looks through exceptions that only carry another one. */
  static Throwable unwrap(Throwable error) {
    Throwable e = error;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      Throwable inner = e.getCause();
      if (inner == null || inner == e || !isWrapper(e, inner)) {
        return e;
      }
      e = inner;
    }
    return e;
  }

  private static boolean isWrapper(Throwable e, Throwable inner) {
    if (e instanceof ExecutionException || e instanceof CompletionException
        || e instanceof UncheckedIOException || e instanceof InvocationTargetException
        || e instanceof UndeclaredThrowableException) {
      return true;
    }
    // new RuntimeException(cause) has the cause's toString() as its message.
    return e.getClass() == RuntimeException.class
        && (e.getMessage() == null || e.getMessage().equals(inner.toString()));
  }

  /** The message with task ids, UUIDs, hexadecimal ids and numbers replaced, spaces collapsed. */
  static String normalize(String message, String taskId) {
    String text = message.length() > 4 * MAX_LENGTH ? message.substring(0, 4 * MAX_LENGTH) : message;
    if (taskId != null && !taskId.isEmpty()) {
      text = replaceWord(text, taskId, "<task>");
    }
    text = UUID.matcher(text).replaceAll("<id>");
    text = HEX.matcher(text).replaceAll("<id>");
    text = NUMBER.matcher(text).replaceAll("#");
    return SPACE.matcher(text).replaceAll(" ").strip();
  }

  /** Replaces {@code word} where it is not part of a longer word or number. */
  private static String replaceWord(String text, String word, String with) {
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      int end = at + word.length();
      boolean alone = (at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
          && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
      if (alone && at >= from) {
        out.append(text, from, at).append(with);
        from = end;
      }
    }
    return out.append(text, from, text.length()).toString();
  }
}
