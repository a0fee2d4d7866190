package dev.orchestrator.examples.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a positive duration written as {@code 1s}, {@code 500ms}, {@code 2.5min}, {@code 1h} or ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern SIMPLE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|sec|m|min|h|d)");

  @Override
  public Duration convert(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    Duration duration;
    Matcher m = SIMPLE.matcher(text);
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      double nanosPerUnit = switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s", "sec" -> 1e9;
        case "m", "min" -> 60e9;
        case "h" -> 3600e9;
        default -> 86400e9; // "d"
      };
      double nanos = amount * nanosPerUnit;
      if (nanos > Long.MAX_VALUE) {
        throw new TypeConversionException("'" + value + "' is too long a duration");
      }
      duration = Duration.ofNanos(Math.round(nanos));
    } else {
      try {
        duration = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a duration; write it as 1s, 500ms,"
            + " 2min, 1h, 1d or ISO-8601 (PT1S)");
      }
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new TypeConversionException("'" + value + "' must be a positive duration");
    }
    return duration;
  }
}
