package dev.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.observe.FailurePattern;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The supervisor's decisions, driven attempt by attempt against a scripted run. */
class FailureSupervisorTest {

  /** A run that records what the supervisor asks of it. */
  static final class FakeRun implements FailureSupervisor.Control {
    int requested = 40;
    int pool = 40;
    int running;
    boolean paused;
    final Map<Integer, String> groups = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    final List<String> analyses = new ArrayList<>();
    long scheduled = -1;

    @Override
    public int poolSize() {
      return pool;
    }

    @Override
    public int requestedPool() {
      return requested;
    }

    @Override
    public void limitPool(int agents, String reason) {
      pool = Math.min(requested, agents);
      calls.add("limit " + agents + ": " + reason);
    }

    @Override
    public void pauseForAnalysis() {
      paused = true;
      calls.add("pause");
    }

    @Override
    public void resumeAfterAnalysis() {
      paused = false;
      calls.add("resume");
    }

    @Override
    public int running() {
      return running;
    }

    @Override
    public void scheduleAnalysis(long nanos) {
      scheduled = nanos;
      calls.add("schedule");
    }

    @Override
    public void pauseGroup(String group, String reason) {
      calls.add("pause group " + group + ": " + reason);
    }

    @Override
    public void abort(String cause) {
      calls.add("abort: " + cause);
    }

    @Override
    public void analysed(FailurePattern classification, List<String> tasks, String action, String evidence) {
      analyses.add(classification.label() + " " + tasks + " | " + action + " | " + evidence);
    }

    @Override
    public String taskId(int task) {
      return "t" + task;
    }

    @Override
    public String group(int task) {
      return groups.get(task);
    }
  }

  private FakeRun run;

  @BeforeEach
  void setUp() {
    run = new FakeRun();
  }

  private FailureSupervisor supervisor(FailureAdaptation.Builder settings) {
    return new FailureSupervisor(settings.build(), run);
  }

  private static FailureAdaptation.Builder small() {
    return FailureAdaptation.builder().window(100).minSample(100);
  }

  /** {@code count} attempts of tasks from {@code first} on, every {@code failEvery}-th failing. */
  private static int feed(FailureSupervisor s, int first, int count, int failEvery, String message) {
    int t = first;
    for (int k = 0; k < count; k++, t++) {
      if (failEvery > 0 && k % failEvery == failEvery - 1) {
        s.failed(t, new IOException(message + " " + t));
      } else {
        s.succeeded(t);
      }
    }
    return t;
  }

  @Test
  void failed_belowOnePercent_changesNothing() {
    FailureSupervisor s = supervisor(small());
    feed(s, 0, 300, 0, "never");
    s.failed(1000, new IOException("one"));
    feed(s, 1001, 99, 0, "never"); // 1 failure in the last 100 attempts is 1 %: not below 1 %
    assertThat(run.calls).hasSize(1).first().asString().startsWith("limit 30: failure rate 1.0 %");
  }

  @Test
  void failed_beforeTheMinimumSample_changesNothing() {
    FailureSupervisor s = supervisor(small().minSample(50));
    for (int t = 0; t < 3; t++) {
      s.failed(t, new IOException("early"));
    }
    assertThat(run.calls).isEmpty();
  }

  @Test
  void failed_betweenOneAndFivePercent_shrinksByAQuarterOnceAndStartsAFreshWindow() {
    FailureSupervisor s = supervisor(small());
    feed(s, 0, 100, 50, "flaky"); // 2 % after 100 attempts
    assertThat(run.calls).containsExactly(
        "limit 30: failure rate 2.0 % (2 of the last 100 attempts) is at or above 1 %: shrinking"
            + " the pool by 25 %");
    assertThat(s.cap()).isEqualTo(30);
    feed(s, 100, 99, 0, "flaky"); // a fresh window: not evaluated before 100 more attempts
    assertThat(run.calls).hasSize(1);
  }

  @Test
  void failed_shrinkThatHelped_isKeptAndTheNextShrinkIsTriedToo() {
    FailureSupervisor s = supervisor(small());
    feed(s, 0, 100, 25, "overloaded"); // 4 %: shrink 40 -> 30
    int next = feed(s, 100, 100, 50, "overloaded"); // 2 %: at most half of 4 %, the shrink helped
    assertThat(run.calls).hasSize(2).last().asString()
        .startsWith("limit 22: failure rate 2.0 % (2 of the last 100 attempts) is at or above 1 %");
    feed(s, next, 100, 100, "overloaded"); // 1 %: half of 2 %, helped again
    assertThat(run.calls).hasSize(3).last().asString().startsWith("limit 16: failure rate 1.0 %");
  }

  @Test
  void failed_shrinkThatDidNotHelp_restoresThePoolAndStopsShrinkingForThatRate() {
    FailureSupervisor s = supervisor(small());
    int next = feed(s, 0, 100, 25, "bad host"); // 4 %: shrink 40 -> 30
    next = feed(s, next, 100, 25, "bad host"); // still 4 %: the smaller pool changed nothing
    assertThat(run.calls).containsExactly(
        "limit 30: failure rate 4.0 % (4 of the last 100 attempts) is at or above 1 %: shrinking"
            + " the pool by 25 %",
        "limit 2147483647: failure rate 4.0 % (4 of the last 100 attempts) did not fall below 2 %"
            + " after the pool shrank for 4 %: the failures do not come from load; restoring 40"
            + " agents and not shrinking again until the rate is clearly above 4 %");
    assertThat(s.cap()).isEqualTo(Integer.MAX_VALUE);
    assertThat(run.pool).isEqualTo(40);
    next = feed(s, next, 300, 25, "bad host"); // the same background: left alone, no pause either
    next = feed(s, next, 100, 13, "bad host"); // 7 %: more, but within the background's noise
    assertThat(run.calls).hasSize(2);
    feed(s, next, 100, 6, "bad host"); // 16 % in the window: clearly above 4 %: acted on again
    assertThat(run.calls).hasSize(5).containsSubsequence("pause", "resume");
    assertThat(run.calls.get(3)).startsWith("limit 1: random failures (failure rate 1");
  }

  @Test
  void failed_rateThatDoubledAfterAShrink_isActedOnNotRestored() {
    FailureSupervisor s = supervisor(small().noAnalysis());
    int next = feed(s, 0, 100, 50, "outage"); // 2 %: shrink 40 -> 30
    feed(s, next, 100, 5, "outage"); // 20 %: worse, not "unchanged": fall back
    assertThat(run.calls).hasSize(2).last().asString()
        .startsWith("limit 1: failure rate 20.0 % (20 of the last 100 attempts) is at or above 10 %");
  }

  @Test
  void failed_cleanWindowAfterSettling_forgetsTheSettledRate() {
    FailureSupervisor s = supervisor(small());
    int next = feed(s, 0, 100, 25, "bad host"); // 4 %: shrink
    next = feed(s, next, 100, 25, "bad host"); // 4 %: restore, settle at 4 %
    next = feed(s, next, 100, 0, "bad host"); // clean: the background is gone
    feed(s, next, 100, 25, "bad host"); // failures again: a shrink is tried again
    assertThat(run.calls).hasSize(3).last().asString()
        .startsWith("limit 30: failure rate 1.0 % (1 of the last 100 attempts) is at or above 1 %");
  }

  @Test
  void failed_atTenPercentWithoutAnalysis_fallsBackToSequentialOrAModeratePool() {
    FailureSupervisor s = supervisor(small().noAnalysis());
    feed(s, 0, 100, 10, "bad");
    assertThat(run.calls).containsExactly("limit 1: failure rate 10.0 % (10 of the last 100"
        + " attempts) is at or above 10 %: falling back to sequential (1 agent)");
    run.requested = run.pool = 400;
    FailureSupervisor big = new FailureSupervisor(small().noAnalysis().build(), run);
    run.calls.clear();
    feed(big, 0, 100, 5, "bad");
    assertThat(run.calls).containsExactly("limit 50: failure rate 20.0 % (20 of the last 100"
        + " attempts) is at or above 10 %: falling back to a moderate pool of 50 agents");
  }

  @Test
  void succeeded_aCleanWindowAfterAShrink_growsBackStepByStepToTheRequestedPool() {
    FailureSupervisor s = supervisor(small());
    feed(s, 0, 100, 50, "flaky");
    assertThat(run.pool).isEqualTo(30);
    feed(s, 100, 100, 0, "");
    assertThat(run.calls).last().asString().isEqualTo("limit " + Integer.MAX_VALUE
        + ": failure rate 0.0 % (0 of the last 100 attempts) is below 1 %: growing the pool back");
    assertThat(run.pool).isEqualTo(40);
    assertThat(s.cap()).isEqualTo(Integer.MAX_VALUE);
    int calls = run.calls.size();
    feed(s, 200, 500, 0, "");
    assertThat(run.calls).hasSize(calls); // nothing more to grow back
  }

  @Test
  void failed_atFivePercent_pausesAndWaitsForRunningAttemptsBeforeClassifying() {
    FailureSupervisor s = supervisor(small());
    run.running = 3;
    feed(s, 0, 100, 20, "transient"); // 5 %: 5 failures, different causes
    assertThat(run.calls).containsExactly("pause", "schedule");
    assertThat(run.scheduled).isEqualTo(FailureAdaptation.DEFAULT_ANALYSIS_GRACE.toNanos());
    assertThat(s.isAnalysing()).isTrue();
    run.running = 2;
    s.succeeded(100);
    assertThat(run.analyses).isEmpty();
    run.running = 0;
    s.succeeded(101); // the last running attempt ended: classify now
    assertThat(s.isAnalysing()).isFalse();
    assertThat(run.analyses).singleElement().asString().startsWith(
        "random [t19, t39, t59, t79, t99] | halving the pool: 40 -> 20 agents; failed tasks retry"
            + " as their policies allow | failure rate 5.0 % (5 of the last 100 attempts); 5 of 5"
            + " failures (100 %) share one cause: java.io.IOException: transient #; the last 1"
            + " attempts before the pause failed with it");
    assertThat(run.calls).containsExactly("pause", "schedule",
        "limit 20: random failures (failure rate 5.0 % (5 of the last 100 attempts)): halving the"
            + " pool: 40 -> 20 agents", "resume");
  }

  @Test
  void analysisDue_classifiesWithWhatHasFinished() {
    FailureSupervisor s = supervisor(small());
    run.running = 5;
    feed(s, 0, 100, 10, "transient");
    s.analysisDue();
    assertThat(run.analyses).singleElement().asString()
        .startsWith("random").contains("falling back: 40 -> 1 agents");
    s.analysisDue(); // late timer: nothing more
    assertThat(run.analyses).hasSize(1);
  }

  @Test
  void classify_sameCauseEverywhereAndTheLastAttemptsFailing_isSystematic() {
    FailureSupervisor s = supervisor(small());
    feed(s, 0, 92, 0, "");
    for (int t = 92; t < 100; t++) {
      s.failed(t, new IOException("package checksum mismatch for " + t));
    }
    assertThat(run.analyses).singleElement().asString().isEqualTo(
        "systematic [t92, t93, t94, t95, t96, t97, t98, t99] | aborting the run and rolling back:"
            + " the compensations of the succeeded tasks run in reverse completion order | failure"
            + " rate 8.0 % (8 of the last 100 attempts); 8 of 8 failures (100 %) share one cause:"
            + " java.io.IOException: package checksum mismatch for #; the last 8 attempts before the"
            + " pause failed with it");
    assertThat(run.calls).containsExactly("pause", "abort: aborted after a systematic failure:"
        + " java.io.IOException: package checksum mismatch for # (8 of 8 failed attempts)");
    s.failed(200, new IOException("after the abort"));
    assertThat(run.calls).hasSize(2);
  }

  @Test
  void classify_failuresThatFinishWhileTheRunDrains_doNotMakeAStreak() {
    FailureSupervisor s = supervisor(small());
    run.running = 10;
    feed(s, 0, 100, 20, "timed out"); // 5 %: triggers the analysis
    for (int t = 100; t < 110; t++) { // the slow attempts finish last: all timeouts
      run.running--;
      s.failed(t, new IOException("timed out " + t));
    }
    assertThat(run.analyses).singleElement().asString().startsWith("random")
        .endsWith("the last 1 attempts before the pause failed with it");
  }

  @Test
  void classify_sameCauseButInterleavedWithSuccesses_isRandom() {
    FailureSupervisor s = supervisor(small());
    feed(s, 0, 100, 10, "connection reset"); // one cause, but successes between the failures
    assertThat(run.analyses).singleElement().asString().startsWith("random");
  }

  @Test
  void classify_oneTaskFailingAgainAndAgain_isNotSystematic() {
    FailureSupervisor s = supervisor(small().systematic(0.9, 3));
    feed(s, 0, 95, 0, "");
    for (int k = 0; k < 5; k++) {
      s.failed(7, new IOException("same"));
    }
    assertThat(run.analyses).singleElement().asString().startsWith("random [t7]")
        .endsWith("the last 5 attempts before the pause failed with it");
  }

  @Test
  void classify_failuresConfinedToOneGroupWhileOthersSucceed_pausesThatGroup() {
    FailureSupervisor s = supervisor(small());
    for (int t = 0; t < 100; t++) {
      run.groups.put(t, t % 2 == 0 ? "eu" : "us");
    }
    int t = 0;
    for (; t < 90; t++) {
      s.succeeded(t);
    }
    for (; t < 100; t += 2) { // eu tasks fail, us tasks succeed
      s.failed(t, new IOException("region eu unreachable"));
      s.succeeded(t + 1);
    }
    assertThat(run.analyses).singleElement().asString().isEqualTo(
        "grouped [t90, t92, t94, t96, t98] | pausing group 'eu'; the other groups go on | failures"
            + " confined to group 'eu' (failure rate 5.0 % (5 of the last 100 attempts))");
    assertThat(run.calls).containsExactly("pause", "pause group eu: failures confined to group 'eu'"
        + " (failure rate 5.0 % (5 of the last 100 attempts))", "resume");
  }

  @Test
  void classify_oneGroupButNothingOutsideItSucceeded_isNotGrouped() {
    FailureSupervisor s = supervisor(small());
    for (int t = 0; t < 100; t++) {
      run.groups.put(t, "eu");
    }
    feed(s, 0, 100, 20, "x");
    assertThat(run.analyses).singleElement().asString().startsWith("random");
  }

  @Test
  void classify_withoutRollback_saysSo() {
    FailureSupervisor s = supervisor(small().rollback(false).systematic(1.0, 5));
    feed(s, 0, 95, 0, "");
    for (int t = 95; t < 100; t++) {
      s.failed(t, new IOException("down"));
    }
    assertThat(run.analyses).singleElement().asString().startsWith("systematic")
        .contains("| aborting the run |");
  }
}
