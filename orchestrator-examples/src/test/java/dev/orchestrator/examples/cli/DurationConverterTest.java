package dev.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @ParameterizedTest
  @CsvSource({"1s, PT1S", "500ms, PT0.5S", "2min, PT2M", "2m, PT2M", "1.5h, PT1H30M", "1d, PT24H",
      "250us, PT0.00025S", "7ns, PT0.000000007S", "PT3M, PT3M", "pt1s, PT1S", "10 sec, PT10S"})
  void convert_accepted(String text, String iso) {
    assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @CsvSource({"soon", "1 fortnight", "-1s", "s"})
  void convert_rejected(String text) {
    assertThatThrownBy(() -> new DurationConverter().convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'" + text + "' is not a duration; write it as 1s, 500ms, 2min, 1h, 1d or ISO-8601"
            + " (PT1S)");
  }

  @ParameterizedTest
  @CsvSource({"0s", "PT0S", "PT-1S"})
  void convert_notPositive(String text) {
    assertThatThrownBy(() -> new DurationConverter().convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'" + text + "' must be a positive duration");
  }
}
