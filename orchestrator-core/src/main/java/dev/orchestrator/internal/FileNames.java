package dev.orchestrator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns task ids into file names that are safe on every common file system and unique within one
 * directory. A task id may hold anything but control characters ({@code "../../etc/passwd"}, {@code
 * "eu/deploy-1"}, {@code "CON"}, {@code "a:b"}), so it is never used as a path as it is.
 *
 * <ul>
 *   <li>Letters, digits, {@code '-'}, {@code '_'} and {@code '.'} are kept; every other character
 *       (path separators, {@code ':'}, spaces, non-ASCII) becomes {@code '_'}. The result cannot
 *       name a parent or another directory: it has no separator, and a name made only of dots,
 *       or starting with one, gets a {@code '_'} in front.
 *   <li>Windows' reserved device names ({@code CON}, {@code PRN}, {@code AUX}, {@code NUL}, {@code
 *       COM1}–{@code COM9}, {@code LPT1}–{@code LPT9}, with any extension) get a {@code '_'} in
 *       front; a trailing dot or space (which Windows drops) becomes {@code '_'}.
 *   <li>Names are cut to 100 characters, leaving room for a suffix under the common 255-byte
 *       limit.
 *   <li>When the safe form changed the id (or cut it), or another id of this directory already
 *       has that name ignoring case (case-insensitive file systems), the name ends with {@code '~'}
 *       and the first 8 hexadecimal digits of the id's SHA-256 (more digits if those are taken),
 *       so two ids never share a file. A safe id cannot contain {@code '~'}, so a suffixed name
 *       never equals an id kept as it was.
 * </ul>
 *
 * <p>Not thread-safe: one instance per directory, used by one writer (or under a lock).
 */
public final class FileNames {

  /** The longest base name made (before a suffix such as {@code .json}). */
  public static final int MAX_LENGTH = 100;

  private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL",
      "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
      "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

  private final Map<String, String> byId = new HashMap<>();
  private final Map<String, String> idByName = new HashMap<>(); // lower-cased name -> id

  /**
   * The file name of a task in this directory: the same id always gets the same name, and two
   * ids never do.
   *
   * @throws NullPointerException if {@code taskId} is null
   */
  public String of(String taskId) {
    Objects.requireNonNull(taskId, "task id cannot be null");
    String known = byId.get(taskId);
    if (known != null) {
      return known;
    }
    String name = safe(taskId);
    if (!name.equals(taskId) || idByName.containsKey(name.toLowerCase(Locale.ROOT))) {
      name = unique(name, taskId);
    }
    idByName.put(name.toLowerCase(Locale.ROOT), taskId);
    byId.put(taskId, name);
    return name;
  }

  /** The name with a digest of the id, longer until it is free (then a counter, in theory). */
  private String unique(String name, String id) {
    String digest = HexFormat.of().formatHex(sha256(id));
    for (int digits : new int[] {8, 16, 64}) {
      String base = name.length() > MAX_LENGTH - digits - 1 ? name.substring(0, MAX_LENGTH - digits - 1) : name;
      String candidate = base + "~" + digest.substring(0, digits);
      if (!idByName.containsKey(candidate.toLowerCase(Locale.ROOT))) {
        return candidate;
      }
    }
    for (int n = 2; ; n++) {
      String candidate = name.substring(0, Math.min(name.length(), MAX_LENGTH - 20)) + "~" + n;
      if (!idByName.containsKey(candidate.toLowerCase(Locale.ROOT))) {
        return candidate;
      }
    }
  }

  /** The safe form of an id alone, without the uniqueness suffix. */
  public static String safe(String id) {
    StringBuilder out = new StringBuilder(Math.min(id.length(), MAX_LENGTH));
    for (int i = 0; i < id.length() && out.length() < MAX_LENGTH; i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      out.append(ok ? c : '_');
    }
    if (out.isEmpty() || out.charAt(0) == '.') {
      out.insert(0, '_');
    }
    int last = out.length() - 1;
    if (out.charAt(last) == '.') {
      out.setCharAt(last, '_');
    }
    String stem = out.toString();
    int dot = stem.indexOf('.');
    String device = (dot < 0 ? stem : stem.substring(0, dot)).toUpperCase(Locale.ROOT);
    if (RESERVED.contains(device)) {
      stem = "_" + stem;
    }
    return stem.length() <= MAX_LENGTH ? stem : stem.substring(0, MAX_LENGTH);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
