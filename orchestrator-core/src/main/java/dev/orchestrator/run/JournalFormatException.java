package dev.orchestrator.run;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A run journal cannot be resumed from: a line in its middle is not a journal entry, it was written
 * by a newer version, or it does not belong to the plan being resumed. The message starts with the
 * file and the line ({@code runs/42/journal.jsonl:17: ...}). A torn last line, which a crash leaves
 * behind, is not an error: resume ignores it.
 */
public final class JournalFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;

  /**
   * @param file the journal
   * @param line the 1-based line at fault, or 0 for the file as a whole
   * @param message what is wrong, without the location
   */
  public JournalFormatException(Path file, long line, String message, Throwable cause) {
    super(file + (line > 0 ? ":" + line : "") + ": " + Objects.requireNonNull(message, "message"),
        cause);
    this.file = file;
    this.line = line;
  }

  /** The journal. */
  public Path file() {
    return file;
  }

  /** The 1-based line at fault, or 0. */
  public long line() {
    return line;
  }
}
