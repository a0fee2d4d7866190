package dev.orchestrator.plan;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the plan readers ({@link PlanJson}, {@link StgFormat}, {@link WfCommonsFormat}) get their
 * text: each has an entry point for a file and one for a reader with a source name, and the file
 * one only opens the file and hands it to the reader one. Written once here, so that every format
 * checks its source and names it in messages the same way.
 */
final class PlanSources {

  private PlanSources() {}

  /** A reader entry point: {@code settings} is how the format is read (options, a binder). */
  @FunctionalInterface
  interface Reading<S> {
    Plan read(Reader reader, String source, S settings) throws IOException;
  }

  /**
   * Opens {@code file} in {@code charset} and reads it with {@code reading}, the file's path as the
   * source; the file is closed afterwards.
   *
   * @throws NullPointerException if {@code file} is null: "file cannot be null"
   */
  static <S> Plan read(Path file, Charset charset, S settings, Reading<S> reading)
      throws IOException {
    Objects.requireNonNull(file, "file cannot be null");
    try (Reader reader = Files.newBufferedReader(file, charset)) {
      return reading.read(reader, file.toString(), settings);
    }
  }

  /**
   * The checks of a reader entry point's source.
   *
   * @throws NullPointerException if either is null: "reader cannot be null", "source cannot be
   *     null"
   */
  static void check(Reader reader, String source) {
    Objects.requireNonNull(reader, "reader cannot be null");
    Objects.requireNonNull(source, "source cannot be null");
  }
}
