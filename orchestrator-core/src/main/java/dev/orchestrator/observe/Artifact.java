package dev.orchestrator.observe;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file a task produced, as its manifest lists it.
 *
 * @param path the file
 * @param sizeBytes its size when recorded
 * @param sha256 its SHA-256 in lower-case hex when recorded
 */
public record Artifact(Path path, long sizeBytes, String sha256) {
  public Artifact {
    Objects.requireNonNull(path, "artifact path cannot be null");
    Objects.requireNonNull(sha256, "artifact checksum cannot be null");
  }
}
