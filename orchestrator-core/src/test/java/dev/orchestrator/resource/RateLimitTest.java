package dev.orchestrator.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "5000/h; 5000; PT1H",
      "600/min; 600; PT1M",
      "10/s; 10; PT1S",
      "100/15min; 100; PT15M",
      "86400/day; 86400; PT24H",
      "1_000/2 hours; 1000; PT2H",
      "20/500ms; 20; PT0.5S",
      " 5,000 / H ; 5000; PT1H"})
  void parse_forms(String text, long permits, Duration per) {
    RateLimit limit = RateLimit.parse(text);
    assertThat(limit).isEqualTo(RateLimit.of(permits, per));
    assertThat(RateLimit.parse(limit.toString())).isEqualTo(limit);
  }

  @Test
  void perSecond_githubLimit() {
    assertThat(RateLimit.parse("5000/h").perSecond()).isCloseTo(1.3889, within(1e-4));
  }

  @Test
  void toString_readable() {
    assertThat(RateLimit.parse("5000/h")).hasToString("5000/h");
    assertThat(RateLimit.parse("100/15min")).hasToString("100/15min");
    assertThat(RateLimit.parse("1/day")).hasToString("1/day");
    assertThat(RateLimit.of(3, Duration.ofSeconds(90))).hasToString("3/90s");
  }

  @Test
  void parse_garbage() {
    assertThatThrownBy(() -> RateLimit.parse("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limit 'fast' must look like 5000/h, 600/min or 10/s");
  }

  @Test
  void parse_unknownUnit() {
    assertThatThrownBy(() -> RateLimit.parse("5/fortnight"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limit '5/fortnight': unknown unit 'fortnight'; use s, min, h or day");
  }

  @Test
  void parse_zeroPermits() {
    assertThatThrownBy(() -> RateLimit.parse("0/h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limit '0/h': permits must be >= 1");
  }

  @Test
  void parse_zeroPeriod() {
    assertThatThrownBy(() -> RateLimit.parse("5/0h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limit '5/0h': period must be positive");
  }

  @Test
  void of_badValues() {
    assertThatThrownBy(() -> RateLimit.of(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limit permits must be >= 1: 0");
    assertThatThrownBy(() -> RateLimit.of(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limit period must be positive: PT0S");
    assertThatThrownBy(() -> RateLimit.of(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("rate limit period cannot be null");
  }
}
