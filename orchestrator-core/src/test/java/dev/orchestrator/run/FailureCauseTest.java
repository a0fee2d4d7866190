package dev.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailureCauseTest {

  @Test
  void of_sameFailureOnDifferentTasksIsOneCause() {
    String a = FailureCause.of(new IOException("deploy-17: connection refused by 10.0.3.17:8080"), "deploy-17");
    String b = FailureCause.of(new IOException("deploy-4: connection refused by 10.0.3.4:8080"), "deploy-4");
    assertThat(a).isEqualTo(b).isEqualTo("java.io.IOException: <task>: connection refused by #:#");
  }

  @Test
  void of_differentTypesOrMessagesAreDifferentCauses() {
    assertThat(FailureCause.of(new IOException("disk full"), "a"))
        .isNotEqualTo(FailureCause.of(new IllegalStateException("disk full"), "a"))
        .isNotEqualTo(FailureCause.of(new IOException("disk gone"), "a"));
  }

  @Test
  void of_idsHashesAndUuidsAreTakenOut() {
    assertThat(FailureCause.of(new IllegalStateException(
            "lock 3f2a9c1e77b0 held by 123e4567-e89b-12d3-a456-426614174000  for   12.5 s"), "t"))
        .isEqualTo("java.lang.IllegalStateException: lock <id> held by <id> for # s");
  }

  @Test
  void of_wrappersAreLookedThrough() {
    IOException root = new IOException("timeout talking to s3");
    assertThat(FailureCause.of(new ExecutionException(root), "t"))
        .isEqualTo(FailureCause.of(new CompletionException(root), "t"))
        .isEqualTo(FailureCause.of(new UncheckedIOException(root), "t"))
        .isEqualTo(FailureCause.of(new RuntimeException(root), "t"))
        .isEqualTo("java.io.IOException: timeout talking to s#");
    // A RuntimeException with its own message is a cause of its own.
    assertThat(FailureCause.of(new RuntimeException("retry budget spent", root), "t"))
        .isEqualTo("java.lang.RuntimeException: retry budget spent");
  }

  @Test
  void of_noMessageIsTheTypeAlone_andLongMessagesAreCut() {
    assertThat(FailureCause.of(new NullPointerException(), "t")).isEqualTo("java.lang.NullPointerException");
    assertThat(FailureCause.of(new IllegalStateException("x".repeat(5000)), "t"))
        .hasSize(FailureCause.MAX_LENGTH);
  }

  @Test
  void unwrap_selfCausedAndDeepChainsEnd() {
    RuntimeException self = new RuntimeException() {
      @Override
      public synchronized Throwable getCause() {
        return this;
      }
    };
    assertThat(FailureCause.unwrap(self)).isSameAs(self);
    Throwable deep = new IOException("bottom");
    for (int i = 0; i < 100; i++) {
      deep = new ExecutionException(deep);
    }
    assertThat(FailureCause.unwrap(deep)).isInstanceOf(ExecutionException.class);
  }
}
