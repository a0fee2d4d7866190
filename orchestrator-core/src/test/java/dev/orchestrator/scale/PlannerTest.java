package dev.orchestrator.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.plan.Plan;
import org.junit.jupiter.api.Test;

class PlannerTest {

  @Test
  void plan_planEitherJsonOrBuilt() {
    Planner json = (goal, hints) -> PlannerResult.json("{\"name\":\"" + hints.pattern() + "\"}");
    Plan built = Plan.builder("built").build();
    Planner direct = (goal, hints) -> PlannerResult.plan(built);
    String goal = "Rename 1 million image files";

    PlannerResult first = json.plan(goal, GoalClassifier.classify(goal));
    PlannerResult second = direct.plan(goal, GoalClassifier.classify(goal));

    assertThat(first).isEqualTo(new PlannerResult.Json(
        "{\"name\":\"Mass file operations (IOPS-limited)\"}"));
    assertThat(second).isInstanceOfSatisfying(PlannerResult.Built.class,
        b -> assertThat(b.plan()).isSameAs(built));
  }

  @Test
  void json_blankOrNull() {
    assertThatThrownBy(() -> PlannerResult.json(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("plan JSON cannot be blank");
    assertThatThrownBy(() -> PlannerResult.json(null))
        .isInstanceOf(NullPointerException.class).hasMessage("plan JSON cannot be null");
    assertThatThrownBy(() -> PlannerResult.plan(null))
        .isInstanceOf(NullPointerException.class).hasMessage("plan cannot be null");
  }
}
