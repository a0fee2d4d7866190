package dev.orchestrator.examples.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.plan.ExecutionMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NovelScenarioTest {

  @TempDir
  Path dir;

  @Test
  void run_pipeline_chaptersWrittenInParallelFollowOnAndArePolished() throws Exception {
    var run = ScenarioHarness.<NovelScenario.Book>run(new NovelScenario(), ScenarioHarness.settings(dir).withSize(4));
    NovelScenario.Outline outline = run.prepared().outline();
    String novel = Files.readString(dir.resolve("novel.md"));

    assertThat(run.result().plan().mode()).isEqualTo(ExecutionMode.PIPELINE);
    assertThat(run.result().plan().waves(4).waves()).hasSize(4); // plan, chapters, reviews, polish
    int previous = -1;
    for (NovelScenario.ChapterPlan chapter : outline.chapters()) {
      String heading = "## Chapter " + chapter.number() + ": " + chapter.title() + "\n";
      int at = novel.indexOf(heading);
      assertThat(at).as(heading).isGreaterThan(previous);
      previous = at;
      String raw = Files.readString(dir.resolve(String.format("chapters/chapter-%02d.md", chapter.number())));
      assertThat(raw).startsWith(heading).contains(chapter.pov().name()).contains(chapter.hook());
      if (chapter.number() > 1) {
        String opening = raw.split("\n\n")[1];
        assertThat(opening).startsWith("Hours after " + outline.chapter(chapter.number() - 1).hook());
      }
      assertThat(NovelScenario.Book.count(raw)).isBetween(NovelScenario.WORDS_PER_CHAPTER * 8 / 10,
          NovelScenario.WORDS_PER_CHAPTER * 12 / 10);
    }
    assertThat(novel).startsWith("# " + outline.title() + "\n").doesNotContain("\"").doesNotContain("--")
        .doesNotContain("...").doesNotContain("  ").contains("“").contains("—");
    assertThat(run.result().passed()).as(run.output()).isTrue();
  }

  @Test
  void typography_quotesDashesEllipsesSpaces() {
    NovelScenario.Book.Typography t = NovelScenario.Book.typography("\"Go,\" she said -- now...  Wait.");
    assertThat(t.text()).isEqualTo("“Go,” she said — now… Wait.");
    assertThat(t.fixes()).isEqualTo(5);
  }
}
