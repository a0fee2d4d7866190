package dev.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-task entry rules that keep a recorded task from running again and fence old epochs. */
class EntryProcessorsTest {

  private static Map.Entry<String, TaskRecord> entry(TaskRecord value) {
    return new AbstractMap.SimpleEntry<>("t", value);
  }

  private static TaskRecord done(long epoch) {
    return new TaskRecord(true, MemberAgents.SUCCEEDED, epoch, "m1", 42L, null);
  }

  @Test
  void claim_newTask_writesTheRunningMarker() {
    Map.Entry<String, TaskRecord> e = entry(null);
    assertThat(new ClaimTask(1, "m1").process(e)).isNull();
    assertThat(e.getValue()).isEqualTo(TaskRecord.running(1, "m1"));
  }

  @Test
  void claim_recordedTask_isRefusedWithTheRecord() {
    Map.Entry<String, TaskRecord> e = entry(done(1));
    assertThat(new ClaimTask(2, "m2").process(e)).isEqualTo(done(1));
    assertThat(e.getValue()).isEqualTo(done(1));
  }

  @Test
  void claim_olderEpochThanTheMarker_isFenced() {
    Map.Entry<String, TaskRecord> e = entry(TaskRecord.running(3, "m2"));
    assertThat(new ClaimTask(2, "m1").process(e)).isEqualTo(TaskRecord.running(3, "m2"));
    assertThat(new ClaimTask(3, "m1").process(e)).isNull();
    assertThat(e.getValue().member()).isEqualTo("m1");
  }

  @Test
  void record_firstOutcomeStays() {
    Map.Entry<String, TaskRecord> e = entry(TaskRecord.running(1, "m1"));
    assertThat(new RecordOutcome(done(1)).process(e)).isNull();
    TaskRecord failure = new TaskRecord(true, MemberAgents.FAILED, 1, "m2", null, "boom");
    assertThat(new RecordOutcome(failure).process(e)).isEqualTo(done(1));
    assertThat(e.getValue()).isEqualTo(done(1));
  }

  @Test
  void record_overANewerClaim_isFenced() {
    Map.Entry<String, TaskRecord> e = entry(TaskRecord.running(2, "m2"));
    assertThat(new RecordOutcome(done(1)).process(e)).isEqualTo(TaskRecord.running(2, "m2"));
    assertThat(e.getValue().done()).isFalse();
  }

  @Test
  void nextEpoch_countsFromOne() {
    Map.Entry<String, Object> e = new AbstractMap.SimpleEntry<>(RunMaps.EPOCH, null);
    assertThat(new NextEpoch().process(e)).isEqualTo(1L);
    assertThat(new NextEpoch().process(e)).isEqualTo(2L);
    assertThat(e.getValue()).isEqualTo(2L);
  }
}
