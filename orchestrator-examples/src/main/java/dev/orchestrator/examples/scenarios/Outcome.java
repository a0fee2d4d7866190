package dev.orchestrator.examples.scenarios;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scenario's check found: each fact it checked and whether it held, notes worth showing
 * (measurements that are not pass/fail), and the files the scenario wrote.
 *
 * @param checks the facts checked, in order
 * @param notes lines of information, in order
 * @param files the files written
 */
public record Outcome(List<Check> checks, List<String> notes, List<Path> files) {

  /** One checked fact. */
  public record Check(String description, boolean passed) {
    public Check {
      Objects.requireNonNull(description, "check description cannot be null");
    }
  }

  public Outcome {
    checks = List.copyOf(checks);
    notes = List.copyOf(notes);
    files = List.copyOf(files);
  }

  /** Whether every check held. */
  public boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  /** The first check that failed, if any. */
  public Optional<Check> firstFailure() {
    return checks.stream().filter(c -> !c.passed()).findFirst();
  }

  /** A builder adding checks, notes and files in order. Not thread-safe. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects checks, notes and files. */
  public static final class Builder {
    private final List<Check> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();

    private Builder() {}

    /** Adds a fact and whether it held. */
    public Builder check(boolean passed, String description) {
      checks.add(new Check(description, passed));
      return this;
    }

    /** Adds a line of information. */
    public Builder note(String note) {
      notes.add(Objects.requireNonNull(note, "note cannot be null"));
      return this;
    }

    /** Adds a file the scenario wrote. */
    public Builder file(Path file) {
      files.add(Objects.requireNonNull(file, "file cannot be null"));
      return this;
    }

    public Outcome build() {
      return new Outcome(checks, notes, files);
    }
  }
}
