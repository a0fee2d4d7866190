package dev.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The plan loader fed malformed and random input: it returns a plan or throws the documented
 * {@link PlanFormatException}, within a bound, and never anything else (no NullPointerException,
 * no ClassCastException, no StackOverflowError, no OutOfMemoryError).
 */
class PlanJsonFuzzTest {

  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final String VALID;

  static {
    try {
      VALID = PlanJsonTest.json(PlanJsonTest.fullPlan());
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Reads {@code json}: a plan, or a PlanFormatException; anything else fails the property.
   *
   * @return "plan" or "rejected", for the statistics
   */
  private static String readsOrRejects(String json) {
    return assertTimeoutPreemptively(BOUND, () -> {
      try {
        Plan plan = PlanJson.read(new StringReader(json), "fuzz.json", ActionBinder.unbound());
        assertThat(plan.size()).isGreaterThanOrEqualTo(0);
        return "plan";
      } catch (PlanFormatException expected) {
        assertThat(expected.getMessage()).startsWith("fuzz.json");
        assertThat(expected.getMessage()).doesNotContainPattern("\\p{Cntrl}");
        return "rejected";
      }
    }, () -> "the loader did not answer within " + BOUND + " for: " + abbreviate(json));
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  @Property(tries = 300)
  void read_randomTextFromTheJsonAlphabet(@ForAll("jsonish") String text) {
    readsOrRejects(text);
  }

  @Property(tries = 300)
  void read_validPlanWithRandomMutations(@ForAll("mutations") List<Mutation> mutations) {
    StringBuilder json = new StringBuilder(VALID);
    for (Mutation m : mutations) {
      m.apply(json);
    }
    Statistics.collect(readsOrRejects(json.toString()));
    // Both outcomes occur: the mutations reach the checks past the syntax.
    Statistics.coverage(c -> {
      c.check("plan").count(n -> n > 0);
      c.check("rejected").percentage(p -> p > 50);
    });
  }

  @Property(tries = 300)
  void read_randomJsonDocumentsWithPlanFieldNames(@ForAll("documents") String json) {
    readsOrRejects(json);
  }

  @Property(tries = 100)
  void read_truncatedValidPlan(@ForAll @IntRange(min = 0, max = 2000) int cut) {
    readsOrRejects(VALID.substring(0, Math.min(cut, VALID.length())));
  }

  // ------------------------------------------------------------------ generators

  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\\", " ", "\n",
        "null", "true", "false", "0", "-1", "1e999", "3.5", "\"id\"", "\"tasks\"",
        "\"formatVersion\"", "\"dependencies\"", "\"on\"", "\"kind\"", "\"retry\"", "\"PT1S\"",
        "\"a\"", "\"b\"", "\u0000", "\uFEFF", "\uD800", "é");
    return tokens.list().ofMaxSize(200).map(list -> String.join("", list));
  }

  /** One edit of a JSON text. */
  record Mutation(int kind, int at, int length, String text) {
    void apply(StringBuilder json) {
      if (json.isEmpty()) {
        json.append(text);
        return;
      }
      int from = Math.floorMod(at, json.length());
      int to = Math.min(json.length(), from + length);
      switch (kind) {
        case 0 -> json.delete(from, to);
        case 1 -> json.insert(from, text);
        case 2 -> json.replace(from, to, text);
        case 3 -> json.insert(from, json.substring(from, to)); // duplicate a stretch
        default -> json.setLength(from); // truncate
      }
    }
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<String> text = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "null", "-1",
        "\"x\"", "\"critical\":true", "\"dependencies\":[\"backup\"]", "{\"on\":\"report\"}",
        "\"retry\":{\"maxAttempts\":0}", "\"estimate\":\"P-1D\"", "\"mode\":\"chaos\"", "1e400",
        "\"@class\":\"java.lang.Runtime\"", "");
    Arbitrary<Mutation> one = Combinators.combine(Arbitraries.integers().between(0, 4),
        Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 40), text)
        .as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> documents() {
    // The value alone, or as the tasks of a plan-shaped object to get past the first checks.
    return value(4).map(PlanJsonFuzzTest::render).flatMap(any -> Arbitraries.of(any, planShaped(any)));
  }

  private static String planShaped(String tasks) {
    return "{\"formatVersion\":1,\"name\":\"fuzz\",\"tasks\":" + tasks + "}";
  }

  private static final List<String> KEYS = List.of("id", "name", "type", "estimate", "priority",
      "critical", "gate", "group", "tags", "dependencies", "on", "kind", "retry", "maxAttempts",
      "delay", "maxDelay", "multiplier", "jitter", "timeout", "stallTimeout", "formatVersion",
      "tasks", "mode", "concurrencyLimit", "defaultEstimate", "goal", "@class", "x");

  /** A random JSON value as a tree of Java lists, maps and scalars. */
  private Arbitrary<Object> value(int depth) {
    Arbitrary<Object> scalar = Arbitraries.oneOf(
        Arbitraries.of("a", "b", "", " ", "PT1S", "-PT1S", "P1000000000D", "high", "critical",
            "soft", "data", "hard", "swarm", "waves", "a/b", "..", "CON").map(s -> (Object) s),
        Arbitraries.integers().between(-3, 1_000_000).map(i -> (Object) i),
        Arbitraries.of(0.5, -0.0, 1e300, Double.MIN_VALUE).map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(5).map(l -> (Object) l);
    Arbitrary<Object> map = Combinators.combine(Arbitraries.of(KEYS), value(depth - 1))
        .as((k, v) -> (Map.Entry<String, Object>) new java.util.AbstractMap.SimpleEntry<>(k, v)).list().ofMaxSize(6).map(entries -> {
          List<Map.Entry<String, Object>> copy = new ArrayList<>(entries);
          return (Object) copy;
        });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, scalar), net.jqwik.api.Tuple.of(2, list), net.jqwik.api.Tuple.of(4, map));
  }

  @SuppressWarnings("unchecked")
  private static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map.Entry<?, ?>) {
      StringBuilder out = new StringBuilder("{");
      for (Object o : list) { // duplicate keys are possible, and must be rejected cleanly
        Map.Entry<String, Object> e = (Map.Entry<String, Object>) o;
        if (out.length() > 1) {
          out.append(',');
        }
        out.append(render(e.getKey())).append(':').append(render(e.getValue()));
      }
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (Object o : list) {
        if (out.length() > 1) {
          out.append(',');
        }
        out.append(render(o));
      }
      return out.append(']').toString();
    }
    return String.valueOf(value);
  }

  @Property(tries = 50)
  void read_manyTasksWithRandomDependencies(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 80) Integer> deps) {
    StringBuilder json = new StringBuilder("{\"formatVersion\":1,\"tasks\":[");
    for (int i = 0; i < deps.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"id\":\"t").append(i).append("\",\"dependencies\":[\"t").append(deps.get(i))
          .append("\"]}");
    }
    readsOrRejects(json.append("]}").toString()); // unknown ids, self-loops and cycles
  }
}
