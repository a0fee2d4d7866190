package dev.orchestrator.run;

import static dev.orchestrator.run.Runs.noop;
import static dev.orchestrator.run.Runs.plan;
import static dev.orchestrator.run.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.observe.RunEvent;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.Plan;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EventsTest {

  @Test
  void listener_receivesTheRunInOrderAndAThrowingListenerIsIgnored() throws Exception {
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    CountDownLatch finished = new CountDownLatch(1);
    Plan plan = plan(noop("a"), noop("b", "a"), noop("c", "a"), noop("d", "b", "c"));
    RunReport report = run(plan, RunOptions.builder().agents(2)
        .listener(event -> { throw new IllegalStateException("listener bug"); })
        .listener(event -> {
          events.add(event);
          if (event instanceof RunEvent.RunFinished) {
            finished.countDown();
          }
        })
        .build());
    Runs.await(finished);
    assertThat(events.get(0)).isInstanceOf(RunEvent.RunStarted.class);
    assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(RunEvent.RunFinished.class,
        f -> assertThat(f.report()).isSameAs(report));
    assertThat(events).filteredOn(RunEvent.TaskStarted.class::isInstance).hasSize(4);
    assertThat(events).filteredOn(RunEvent.TaskFinished.class::isInstance).hasSize(4);
    // Waves (levels): a | b, c | d — each started and finished once.
    assertThat(events).filteredOn(RunEvent.WaveStarted.class::isInstance).hasSize(3);
    assertThat(events).filteredOn(RunEvent.WaveFinished.class::isInstance).hasSize(3);
    assertThat(events).allSatisfy(e -> assertThat(e.runId()).isEqualTo(report.runId()));
    int aFinished = indexOf(events, "a", RunEvent.TaskFinished.class);
    int dStarted = indexOf(events, "d", RunEvent.TaskStarted.class);
    assertThat(aFinished).isLessThan(dStarted);
  }

  private static int indexOf(List<RunEvent> events, String task, Class<?> type) {
    for (int i = 0; i < events.size(); i++) {
      RunEvent e = events.get(i);
      String id = e instanceof RunEvent.TaskStarted s ? s.taskId()
          : e instanceof RunEvent.TaskFinished f ? f.taskId() : null;
      if (type.isInstance(e) && task.equals(id)) {
        return i;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " for " + task);
  }
}
