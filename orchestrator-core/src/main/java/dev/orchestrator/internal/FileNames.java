package dev.orchestrator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The one rule by which a task id (or a run id) becomes a file name in a run directory: the
 * manifests of {@code observe} and anything of {@code run} that names a file after a task use it, so
 * that the same id always gives the same name.
 *
 * <p>The rule, in order:
 *
 * <ol>
 *   <li>Lower-case ASCII letters, digits, {@code -} and {@code _} stay; so does {@code .}, except
 *       as the first or last character. Every other character, upper-case letters and {@code %}
 *       included, becomes {@code %XX} for each byte of its UTF-8 form ({@code XX} upper-case hex).
 *       So {@code deploy-3} stays {@code deploy-3}, {@code Deploy/../x} becomes {@code
 *       %44eploy%2F..%2Fx}.
 *   <li>A name that Windows reserves ({@code con}, {@code prn}, {@code aux}, {@code nul}, {@code
 *       com1}–{@code com9}, {@code lpt1}–{@code lpt9}, alone or before a dot) gets its first letter
 *       encoded: {@code con} becomes {@code %63on}.
 *   <li>A name longer than {@value #MAX_LENGTH} characters keeps its first {@value #KEEP}
 *       characters (never cutting a {@code %XX}), then {@code ~} and the first 16 hex digits of the
 *       SHA-256 of the whole id.
 * </ol>
 *
 * <p>Why: the result has no path separator, is never {@code .}, {@code ..} or hidden, and fits in
 * every file system's name limit; and the mapping is one-to-one even on case-insensitive file
 * systems (the output's only upper-case letters are the hex digits right after a {@code %}, and a
 * literal {@code %} is always encoded), up to the hash of step 3.
 */
public final class FileNames {

  /** Longer names are shortened (step 3). */
  public static final int MAX_LENGTH = 120;

  /** Characters a shortened name keeps before its hash. */
  static final int KEEP = 96;

  private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul",
      "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
      "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private FileNames() {}

  /**
   * The file name (without extension) for an id.
   *
   * @throws IllegalArgumentException if {@code id} is empty
   */
  public static String of(String id) {
    Objects.requireNonNull(id, "id cannot be null");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("an empty id has no file name");
    }
    StringBuilder out = new StringBuilder(id.length() + 8);
    int last = id.length() - 1;
    for (int i = 0; i < id.length(); ) {
      int cp = id.codePointAt(i);
      int next = i + Character.charCount(cp);
      boolean edge = i == 0 || next > last;
      if (cp < 128 && (isPlain((char) cp) || (cp == '.' && !edge))) {
        out.append((char) cp);
      } else {
        encode(out, new String(Character.toChars(cp)));
      }
      i = next;
    }
    String name = out.toString();
    int dot = name.indexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    if (RESERVED.contains(stem)) {
      name = "%" + hex(name.charAt(0)) + name.substring(1);
    }
    if (name.length() > MAX_LENGTH) {
      int keep = KEEP;
      int percent = name.lastIndexOf('%', keep - 1);
      if (percent >= 0 && percent + 3 > keep) {
        keep = percent; // do not cut an escape in two
      }
      name = name.substring(0, keep) + "~" + sha256(id).substring(0, 16);
    }
    return name;
  }

  private static boolean isPlain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }

  private static void encode(StringBuilder out, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      out.append('%').append(hex(b & 0xFF));
    }
  }

  private static String hex(int b) {
    return HexFormat.of().withUpperCase().toHexDigits((byte) b);
  }

  private static String sha256(String id) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
