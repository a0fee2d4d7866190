package dev.orchestrator.examples.scenarios;

import dev.orchestrator.Workflow;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.TaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guide's second example: "write a 10-chapter space opera novel" as a pipeline ({@link
 * ExecutionMode#PIPELINE}: stages with barriers between them). Stage 1 plans the story (characters,
 * places, one event and one closing hook per chapter); stage 2 writes every chapter at once, each
 * from the outline it reads through a DATA dependency, opening on the previous chapter's hook so
 * that chapters written in parallel still follow on; stage 3 reviews (an editor checks names,
 * headings and lengths, a continuity checker checks the hooks); stage 4 polishes the typography and
 * writes {@code novel.md}. The prose is generated from templates, seeded, so runs repeat.
 */
public final class NovelScenario implements Scenario {

  /** Chapters when no size is given. */
  public static final int DEFAULT_CHAPTERS = 10;
  /** Words per chapter: a 60,000-word novel over 10 chapters. */
  static final int WORDS_PER_CHAPTER = 6_000;

  private static final List<String> NAMES = List.of("Ilse", "Tomas", "Mara", "Dev", "Sora", "Kael",
      "Nadia", "Oren");
  private static final List<String> ROLES = List.of("the captain", "the pilot", "the engineer",
      "the envoy", "the navigator", "the medic", "the smuggler", "the archivist");
  private static final List<String> TRAITS = List.of("stubborn", "careful", "reckless", "patient",
      "restless", "quiet", "sharp-tongued", "loyal");
  private static final List<String> PLACES = List.of("the orbital docks of Ceres", "the bridge of the Meridian",
      "the ice caverns of Europa", "the market ring of Tannhauser Station", "the derelict hangar on Phobos",
      "the greenhouse deck", "the listening post beyond Neptune", "the cargo hold", "the signal tower on Io",
      "the observation blister");
  private static final List<String> EVENTS = List.of("a distress call from a colony that should be empty",
      "a vote on whether to turn back", "a stowaway found among the water tanks", "the reactor failing at the worst moment",
      "a message from the admiralty that nobody trusts", "a duel of wits with a customs officer",
      "the discovery of a second, older ship inside the first", "a storm of charged dust",
      "a bargain struck with the smugglers of the belt", "a memory that is not their own",
      "the first contact nobody planned", "a betrayal on the night watch");
  private static final List<String> HOOKS = List.of("the signal repeated in her own voice",
      "the airlock cycled with no one inside", "every clock on board stopped at once",
      "the stars ahead went out one by one", "a second Meridian answered their hail",
      "the map showed a station that had never been built", "the stowaway spoke the captain's name",
      "the reactor began to sing", "the dust formed letters on the hull", "the admiralty declared them dead",
      "the old ship opened its doors", "the night watch logged a visitor");
  private static final List<String> ADJECTIVES = List.of("Silent", "Broken", "Last", "Hollow", "Burning",
      "Distant", "Second", "Quiet", "Drowned", "Iron");
  private static final List<String> NOUNS = List.of("Signal", "Orbit", "Harbor", "Lantern", "Tide", "Gate",
      "Choir", "Reckoning", "Meridian", "Archive");
  private static final List<String> WORLDS = List.of("Ceres", "Europa", "Tannhauser", "Phobos", "Io",
      "the Outer Belt", "Titan");
  private static final List<String> DARK = List.of("cold", "vast", "silent", "hungry", "old", "watchful");
  private static final List<String> ACTIONS = List.of("checked the readings again", "ran a hand along the cold bulkhead",
      "watched the stars crawl past the glass", "counted the seconds between pulses", "pulled up the old logs",
      "listened to the hum of the drive", "traced the route on the chart", "tightened the straps of the suit",
      "said nothing for a long time", "weighed the choice", "studied the faces around the table",
      "drank the bitter ship's coffee");
  private static final List<String> LINES = List.of("We don't have the fuel for this", "Tell me what you saw",
      "It was already here when we arrived", "Nobody leaves until we know", "I've heard that voice before",
      "Then we go in together", "The numbers don't lie", "Something is listening", "We were never supposed to find it",
      "Keep the channel open");
  private static final Duration PLAN = Duration.ofMillis(5);
  private static final Duration CHAPTER = Duration.ofMillis(20); // measured: a 6,000-word chapter
  private static final Duration REVIEW = Duration.ofMillis(30);
  private static final Duration POLISH = Duration.ofMillis(60);

  @Override
  public String name() {
    return "novel";
  }

  @Override
  public String description() {
    return "pipeline: plan a novel, write its chapters in parallel, review, polish into novel.md";
  }

  @Override
  public int defaultSize() {
    return DEFAULT_CHAPTERS;
  }

  @Override
  public String sizeUnit() {
    return "chapters";
  }

  @Override
  public PreparedScenario prepare(ScenarioSettings settings) {
    int chapters = settings.sizeOr(DEFAULT_CHAPTERS);
    settings.out().printf(Locale.ROOT, "Novel: %d chapters of about %,d words, written into %s%n", chapters,
        WORDS_PER_CHAPTER, settings.runDir());
    return new Book(chapters, settings.seed(), settings.runDir());
  }

  /** A character of the story. */
  record CastMember(String name, String role, String trait) {}

  /** One chapter's plan: its point-of-view character, place, event and closing hook. */
  record ChapterPlan(int number, String title, CastMember pov, CastMember other, String place, String event,
      String hook) {}

  /** The story architect's outline. */
  record Outline(String title, List<CastMember> cast, List<ChapterPlan> chapters) {
    ChapterPlan chapter(int number) {
      return chapters.get(number - 1);
    }
  }

  /** A written chapter. */
  record Chapter(int number, String text, int words, Path file) {}

  /** What a review found. */
  record Review(String reviewer, List<String> issues, int checked) {}

  /** The novel as written by the pipeline. */
  record Manuscript(Path file, int words, int typographyFixes) {}

  /** One book being written. */
  static final class Book implements PreparedScenario {
    private final int chapters;
    private final long seed;
    private final Path runDir;

    Book(int chapters, long seed, Path runDir) {
      this.chapters = chapters;
      this.seed = seed;
      this.runDir = runDir;
    }

    @Override
    public Workflow workflow() {
      List<Integer> numbers = new ArrayList<>();
      for (int i = 1; i <= chapters; i++) {
        numbers.add(i);
      }
      return Workflow.named("write a " + chapters + "-chapter space opera")
          .goal("Write a " + chapters + "-chapter space opera novel")
          .mode(ExecutionMode.PIPELINE)
          .concurrencyLimit(Math.max(ExecutionMode.PIPELINE.defaultConcurrencyLimit(), chapters))
          .task("plan", t -> t.name("Story architect: plot, characters, world").estimate(PLAN)
              .produce(ctx -> outline()))
          .forEach("chapter", numbers, n -> String.format(Locale.ROOT, "%02d", n), (n, t) -> t
              .name("Write chapter " + n).estimate(CHAPTER).after(DependencyKind.DATA, "plan")
              .produce(ctx -> write(ctx, n)))
          .task("review-editor", t -> t.name("Editor: names, headings, lengths").estimate(REVIEW)
              .after(DependencyKind.DATA, "plan", "chapter").produce(this::editorReview))
          .task("review-continuity", t -> t.name("Continuity checker: hooks and openings").estimate(REVIEW)
              .after(DependencyKind.DATA, "plan", "chapter").produce(this::continuityReview))
          .task("polish", t -> t.name("Copy editor: final polish").estimate(POLISH)
              .after(DependencyKind.DATA, "plan", "chapter", "review-editor", "review-continuity")
              .produce(this::polish))
          .build();
    }

    private static String id(int n) {
      return String.format(Locale.ROOT, "chapter-%02d", n);
    }

    // ------------------------------------------------------------------------------- stage 1

    Outline outline() {
      SplittableRandom random = new SplittableRandom(seed);
      List<CastMember> cast = new ArrayList<>();
      List<Integer> order = shuffled(NAMES.size(), random);
      for (int i = 0; i < 5; i++) {
        int k = order.get(i);
        cast.add(new CastMember(NAMES.get(k), ROLES.get(k), TRAITS.get(random.nextInt(TRAITS.size()))));
      }
      List<Integer> events = shuffled(EVENTS.size(), random);
      List<Integer> hooks = shuffled(HOOKS.size(), random);
      List<ChapterPlan> plans = new ArrayList<>();
      Set<String> titles = new LinkedHashSet<>();
      for (int n = 1; n <= chapters; n++) {
        String title;
        do {
          title = "The " + ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + " "
              + NOUNS.get(random.nextInt(NOUNS.size()));
        } while (!titles.add(title) && titles.size() < ADJECTIVES.size() * NOUNS.size());
        CastMember pov = cast.get((n - 1) % cast.size());
        CastMember other = cast.get((n + 1) % cast.size());
        plans.add(new ChapterPlan(n, title, pov, other, PLACES.get(random.nextInt(PLACES.size())),
            EVENTS.get(events.get((n - 1) % events.size())), HOOKS.get(hooks.get((n - 1) % hooks.size()))));
      }
      return new Outline("The " + NOUNS.get(random.nextInt(NOUNS.size())) + " of "
          + WORLDS.get(random.nextInt(WORLDS.size())), List.copyOf(cast), List.copyOf(plans));
    }

    private static List<Integer> shuffled(int n, SplittableRandom random) {
      List<Integer> list = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        list.add(i);
      }
      for (int i = n - 1; i > 0; i--) {
        java.util.Collections.swap(list, i, random.nextInt(i + 1));
      }
      return list;
    }

    // ------------------------------------------------------------------------------- stage 2

    private Chapter write(TaskContext ctx, int n) throws IOException {
      Outline outline = ctx.input("plan", Outline.class);
      ChapterPlan plan = outline.chapter(n);
      SplittableRandom random = new SplittableRandom(seed * 31 + n);
      StringBuilder text = new StringBuilder("## Chapter " + n + ": " + plan.title() + "\n\n");
      String pov = plan.pov().name();
      String other = plan.other().name();
      if (n == 1) {
        text.append("It began in ").append(plan.place()).append(", where ").append(pov).append(", ")
            .append(plan.pov().role()).append(", ").append(random.nextBoolean() ? "waited" : "worked")
            .append(" alone.  Nobody aboard expected ").append(plan.event()).append(".\n\n");
      } else {
        text.append("Hours after ").append(outline.chapter(n - 1).hook()).append(", ").append(pov)
            .append(" came to ").append(plan.place()).append(" -- and there, at last, the trouble had a name:")
            .append(' ').append(plan.event()).append(".\n\n");
      }
      int words = count(text);
      while (words < WORDS_PER_CHAPTER - 120) {
        String paragraph = random.nextInt(3) == 0 ? dialogue(random, pov, other)
            : narration(random, plan, pov, other);
        text.append(paragraph).append("\n\n");
        words += count(paragraph);
        if (words * 10 / WORDS_PER_CHAPTER != (words - count(paragraph)) * 10 / WORDS_PER_CHAPTER) {
          ctx.progress(Math.min(1.0, (double) words / WORDS_PER_CHAPTER), "chapter " + n + ": " + words + " words");
        }
      }
      text.append("Then, just as ").append(pov).append(" turned to go, ").append(plan.hook()).append("...\n");
      Path file = runDir.resolve("chapters").resolve(id(n) + ".md");
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      ctx.artifact(file);
      return new Chapter(n, text.toString(), count(text), file);
    }

    private static String narration(SplittableRandom random, ChapterPlan plan, String pov, String other) {
      StringBuilder p = new StringBuilder();
      int sentences = 4 + random.nextInt(4);
      for (int s = 0; s < sentences; s++) {
        String who = random.nextInt(3) == 0 ? other : pov;
        switch (random.nextInt(4)) {
          case 0 -> p.append(who).append(' ').append(pick(random, ACTIONS)).append('.');
          case 1 -> p.append("Beyond ").append(plan.place()).append(", the dark was ")
              .append(pick(random, DARK)).append(" and patient.");
          case 2 -> p.append("Everything came back to ").append(plan.event()).append(", and ").append(who)
              .append(" knew it.");
          default -> p.append("The ").append(pick(random, NOUNS).toLowerCase(Locale.ROOT))
              .append(" of the ship groaned -- a ").append(pick(random, ADJECTIVES).toLowerCase(Locale.ROOT))
              .append(" sound, old as the hull.");
        }
        p.append(random.nextInt(6) == 0 ? "  " : " ");
      }
      return p.toString().strip();
    }

    private static String dialogue(SplittableRandom random, String pov, String other) {
      return "\"" + pick(random, LINES) + ",\" " + pov + " said. \"" + pick(random, LINES) + "...\"\n\n\""
          + pick(random, LINES) + ",\" " + other + " answered.";
    }

    private static String pick(SplittableRandom random, List<String> list) {
      return list.get(random.nextInt(list.size()));
    }

    static int count(CharSequence text) {
      int words = 0;
      boolean in = false;
      for (int i = 0; i < text.length(); i++) {
        boolean letter = Character.isLetterOrDigit(text.charAt(i));
        words += letter && !in ? 1 : 0;
        in = letter;
      }
      return words;
    }

    // ------------------------------------------------------------------------------- stage 3

    private static final Pattern SPEAKER = Pattern.compile(",\" ([A-Z][a-z]+) (?:said|answered)\\b");

    private List<Chapter> chapters(TaskContext ctx) {
      List<Chapter> list = new ArrayList<>();
      for (int n = 1; n <= chapters; n++) {
        list.add(ctx.input(id(n), Chapter.class));
      }
      return list;
    }

    private Review editorReview(TaskContext ctx) {
      Outline outline = ctx.input("plan", Outline.class);
      Set<String> cast = new LinkedHashSet<>();
      outline.cast().forEach(c -> cast.add(c.name()));
      List<String> issues = new ArrayList<>();
      for (Chapter chapter : chapters(ctx)) {
        ChapterPlan plan = outline.chapter(chapter.number());
        if (!chapter.text().startsWith("## Chapter " + chapter.number() + ": " + plan.title() + "\n")) {
          issues.add("chapter " + chapter.number() + ": heading does not match the outline");
        }
        if (!chapter.text().contains(plan.pov().name())) {
          issues.add("chapter " + chapter.number() + ": its point-of-view character " + plan.pov().name()
              + " never appears");
        }
        Matcher speaker = SPEAKER.matcher(chapter.text());
        while (speaker.find()) {
          if (!cast.contains(speaker.group(1))) {
            issues.add("chapter " + chapter.number() + ": " + speaker.group(1) + " speaks but is not in the cast");
          }
        }
        if (Math.abs(chapter.words() - WORDS_PER_CHAPTER) > WORDS_PER_CHAPTER / 5) {
          issues.add("chapter " + chapter.number() + ": " + chapter.words() + " words, more than 20 % off");
        }
      }
      ctx.criterion("names, headings and lengths consistent", issues.isEmpty(), issues.isEmpty()
          ? chapters + " chapters checked" : issues.toString());
      return new Review("editor", List.copyOf(issues), chapters);
    }

    private Review continuityReview(TaskContext ctx) {
      Outline outline = ctx.input("plan", Outline.class);
      List<String> issues = new ArrayList<>();
      for (Chapter chapter : chapters(ctx)) {
        String[] paragraphs = chapter.text().split("\n\n");
        String opening = paragraphs.length > 1 ? paragraphs[1] : "";
        String closing = paragraphs[paragraphs.length - 1];
        int n = chapter.number();
        if (n > 1 && !opening.contains(outline.chapter(n - 1).hook())) {
          issues.add("chapter " + n + " does not open on the hook of chapter " + (n - 1));
        }
        if (!closing.contains(outline.chapter(n).hook())) {
          issues.add("chapter " + n + " does not close on its hook");
        }
      }
      ctx.criterion("every chapter follows on from the one before", issues.isEmpty(), issues.isEmpty()
          ? (chapters - 1) + " transitions checked" : issues.toString());
      return new Review("continuity checker", List.copyOf(issues), chapters);
    }

    // ------------------------------------------------------------------------------- stage 4

    private Manuscript polish(TaskContext ctx) throws IOException {
      for (String review : List.of("review-editor", "review-continuity")) {
        Review r = ctx.input(review, Review.class);
        if (!r.issues().isEmpty()) {
          throw new IllegalStateException("the " + r.reviewer() + " found issues to fix first: " + r.issues());
        }
      }
      Outline outline = ctx.input("plan", Outline.class);
      StringBuilder book = new StringBuilder("# " + outline.title() + "\n\n*A space opera in "
          + chapters + " chapters.*\n\n## Contents\n\n");
      for (ChapterPlan plan : outline.chapters()) {
        book.append(plan.number()).append(". ").append(plan.title()).append('\n');
      }
      book.append("\n## Cast\n\n");
      for (CastMember c : outline.cast()) {
        book.append("- ").append(c.name()).append(", ").append(c.role()).append(", ").append(c.trait()).append('\n');
      }
      int fixes = 0;
      for (Chapter chapter : chapters(ctx)) {
        Typography polished = typography(chapter.text());
        fixes += polished.fixes();
        book.append('\n').append(polished.text());
      }
      Path file = runDir.resolve("novel.md");
      Files.writeString(file, book, StandardCharsets.UTF_8);
      ctx.artifact(file);
      return new Manuscript(file, count(book), fixes);
    }

    /** Text with curly quotes, em dashes, ellipses and single spaces; and how many changes. */
    record Typography(String text, int fixes) {}

    static Typography typography(String text) {
      StringBuilder out = new StringBuilder(text.length());
      int fixes = 0;
      boolean open = true;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"') {
          out.append(open ? '“' : '”');
          open = !open;
          fixes++;
        } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
          out.append('—');
          i++;
          fixes++;
        } else if (c == '.' && text.startsWith("...", i)) {
          out.append('…');
          i += 2;
          fixes++;
        } else if (c == ' ' && i + 1 < text.length() && text.charAt(i + 1) == ' ') {
          fixes++; // the second space goes
        } else {
          out.append(c);
        }
      }
      return new Typography(out.toString(), fixes);
    }

    // ---------------------------------------------------------------------------------- check

    @Override
    public Outcome check(Plan plan, RunReport report) throws IOException {
      Outcome.Builder outcome = Outcome.builder()
          .check(report.mode() == ExecutionMode.PIPELINE, "ran as a pipeline: plan, write, review, polish");
      Path file = runDir.resolve("novel.md");
      if (!Files.isRegularFile(file)) {
        return outcome.check(false, "novel.md written").build();
      }
      String book = Files.readString(file);
      Outline outline = outline();
      int found = 0;
      int inOrder = 0;
      int last = -1;
      int followOn = 0;
      for (ChapterPlan chapter : outline.chapters()) {
        int at = book.indexOf("## Chapter " + chapter.number() + ": " + chapter.title() + "\n");
        found += at >= 0 ? 1 : 0;
        inOrder += at > last ? 1 : 0;
        last = at;
        if (chapter.number() > 1 && at >= 0) {
          int end = book.indexOf("\n\n", book.indexOf("\n\n", at) + 2);
          String opening = book.substring(at, end < 0 ? book.length() : end);
          followOn += opening.contains(outline.chapter(chapter.number() - 1).hook()) ? 1 : 0;
        }
      }
      int words = count(book);
      long chapterFiles;
      try (var list = Files.list(runDir.resolve("chapters"))) {
        chapterFiles = list.filter(p -> p.getFileName().toString().endsWith(".md")).count();
      }
      outcome.check(found == chapters && inOrder == chapters, String.format(Locale.ROOT,
          "novel.md holds all %d chapters in order (%,d words; %d chapter files)", chapters, words, chapterFiles))
          .check(followOn == chapters - 1, (chapters - 1) + " chapter openings follow on from the hook before")
          .check(!book.contains("\"") && !book.contains("--") && !book.contains("...") && !book.contains("  "),
              "polished: curly quotes, em dashes, ellipses, single spaces")
          .check(words >= chapters * WORDS_PER_CHAPTER * 8 / 10, String.format(Locale.ROOT,
              "%,d words, about %,d a chapter", words, words / chapters));
      outcome.note("Title: " + outline.title());
      outcome.file(file).file(runDir.resolve("chapters"));
      return outcome.build();
    }
  }
}
