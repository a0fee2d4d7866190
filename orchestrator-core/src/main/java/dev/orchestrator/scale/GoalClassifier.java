package dev.orchestrator.scale;

import dev.orchestrator.internal.Format;
import dev.orchestrator.task.TaskType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plain-English goal with keyword rules (pattern recognition by keywords, not language understanding): the task type,
 * the number of items, an agent count the goal asks for, and the critical operations it names.
 *
 * <p>These are rules, not understanding. They catch the common phrasings and say which words they
 * matched ({@link GoalClassification#evidence()}); a goal they misread is fixed by setting task
 * types on the tasks, or by a {@link Planner} that understands language. The rules, in order:
 *
 * <table>
 * <caption>Task type (the first rule that matches wins)</caption>
 * <tr><td>deployment</td><td>deploy…, roll out (up to three words between: "roll release 2.4
 * out"), rollout, release to</td></tr>
 * <tr><td>api-call</td><td>api, endpoint, http, webhook, request(s) to</td></tr>
 * <tr><td>file-io</td><td>rename…, file(s), director(y|ies), folder(s), copy, thumbnail(s), resize</td></tr>
 * <tr><td>network</td><td>download…, upload…, transfer…, crawl…, fetch…, sync…, ping</td></tr>
 * <tr><td>computation</td><td>comput…, calculat…, render…, encod…, transcod…, train…,
 * simulat…, compress…, hash…</td></tr>
 * <tr><td>micro</td><td>micro-task(s), micro-operation(s), micro-ops, tiny</td></tr>
 * </table>
 *
 * <ul>
 *   <li>Requested agents: a number followed by "agents", "parallel agents", "instances" or
 *       "workers" ("using 50 parallel agents").
 *   <li>Item count: the largest other number, written with digits ("10,000", "10000", "2.5k") or a
 *       word multiplier ("1 million", "a thousand", "3 billion"); numbers followed by a unit of time, a
 *       percent sign or a slash are durations, shares and rates, not items.
 *   <li>Critical operations: backup ("back up", "backup", "snapshot"), migration ("migrat…"),
 *       final commit ("commit…"), production deploy ("production" or "prod" with "deploy",
 *       "release", "roll out" or "ship").
 *   <li>Pattern: deployment of 1,000 items or more → "Massive parallel deployment"; other
 *       deployments → "Deployment"; "bug", "fix", "debug" → "Bug fix (high dependencies)"; micro →
 *       "Micro-operations (overhead-sensitive)"; file-io of 10,000 items or more → "Mass file
 *       operations (IOPS-limited)"; other file-io → "File processing"; "repo", "repository",
 *       "clean up", "lint", "refactor" → "Repository maintenance"; api-call → "API calls
 *       (rate-limited)"; network → "Network operations"; computation → "Computation (CPU-bound)";
 *       else "General work".
 * </ul>
 */
public final class GoalClassifier {

  private record TypeRule(TaskType type, Pattern words) {}

  private static final List<TypeRule> TYPE_RULES = List.of(
      rule(TaskType.DEPLOYMENT,
          "deploy\\w*|roll(?:s|ed|ing)?(?:[ -][\\w.]+){0,3}[ -]outs?|rollouts?|release to"),
      rule(TaskType.API_CALL, "apis?|endpoints?|https?|webhooks?|requests? to"),
      rule(TaskType.FILE_IO,
          "renam\\w*|files?|director(?:y|ies)|folders?|copy|copies|thumbnails?|resiz\\w*"),
      rule(TaskType.NETWORK, "download\\w*|upload\\w*|transfer\\w*|crawl\\w*|fetch\\w*|sync\\w*|ping"),
      rule(TaskType.COMPUTATION, "comput\\w*|calculat\\w*|render\\w*|encod\\w*|transcod\\w*|train\\w*"
          + "|simulat\\w*|compress\\w*|hash\\w*"),
      rule(TaskType.MICRO, "micro[- ]?(?:tasks?|operations?|ops)|tiny"));

  private static final String NUMBER =
      "(\\d{1,3}(?:[,_]\\d{3})+|\\d+(?:\\.\\d+)?)(?:\\s*(million|billion|thousand|hundred)\\b|(k)\\b)?";
  private static final Pattern QUANTITY = Pattern.compile(
      "(?<![\\w.])(?:" + NUMBER + "|(?:a|one)\\s+(million|billion|thousand|hundred)\\b)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern AGENTS_AFTER =
      Pattern.compile("^\\s*(?:parallel\\s+)?(?:agents?|instances?|workers?)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern NOT_ITEMS = Pattern.compile(
      "^[\\s-]*(?:/|%|×|(?:percent|ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?"
          + "|days?|weeks?|x)\\b)", Pattern.CASE_INSENSITIVE);

  private static final Pattern BACKUP = words("back(?:ing)?[ -]?ups?|backups?|snapshots?");
  private static final Pattern MIGRATION = words("migrat\\w*");
  private static final Pattern COMMIT = words("commit\\w*");
  private static final Pattern PRODUCTION = words("production|prod");
  private static final Pattern SHIP = words("deploy\\w*|releas\\w*|roll(?:ing)?[ -]?outs?|ship\\w*");
  private static final Pattern BUG = words("bugs?|fix\\w*|debug\\w*");
  private static final Pattern REPOSITORY =
      words("repo|repos|repository|repositories|clean(?:ing)?[ -]?up|cleanup|lint\\w*|refactor\\w*");

  private GoalClassifier() {}

  private static TypeRule rule(TaskType type, String words) {
    return new TypeRule(type, words(words));
  }

  private static Pattern words(String alternatives) {
    return Pattern.compile("\\b(?:" + alternatives + ")\\b", Pattern.CASE_INSENSITIVE);
  }

  /**
   * Classifies a goal.
   *
   * @throws NullPointerException if {@code goal} is null
   */
  public static GoalClassification classify(String goal) {
    Objects.requireNonNull(goal, "goal cannot be null");
    List<String> evidence = new ArrayList<>();

    TaskType type = null;
    for (TypeRule rule : TYPE_RULES) {
      Matcher m = rule.words().matcher(goal);
      if (m.find()) {
        if (type == null) {
          type = rule.type();
          evidence.add("'" + m.group() + "' → task type " + rule.type());
        } else {
          evidence.add("'" + m.group() + "' would say " + rule.type() + " (an earlier rule won)");
        }
      }
    }

    long items = -1;
    String itemsText = null;
    int agents = -1;
    Matcher m = QUANTITY.matcher(goal);
    while (m.find()) {
      long value = value(m);
      if (value < 0) {
        continue;
      }
      String after = goal.substring(m.end());
      if (AGENTS_AFTER.matcher(after).find()) {
        if (value <= Integer.MAX_VALUE) {
          agents = (int) value;
          evidence.add("'" + m.group().strip() + " …agents' → " + Format.count(value)
              + " agents requested");
        }
      } else if (!NOT_ITEMS.matcher(after).find() && value > items) {
        items = value;
        itemsText = m.group().strip();
      }
    }
    if (items >= 0) {
      evidence.add("'" + itemsText + "' → " + Format.count(items) + " items (the largest count)");
    }

    Set<CriticalOperation> critical = EnumSet.noneOf(CriticalOperation.class);
    find(BACKUP, goal, CriticalOperation.BACKUP, critical, evidence);
    find(MIGRATION, goal, CriticalOperation.MIGRATION, critical, evidence);
    find(COMMIT, goal, CriticalOperation.FINAL_COMMIT, critical, evidence);
    Matcher production = PRODUCTION.matcher(goal);
    Matcher ship = SHIP.matcher(goal);
    if (production.find() && ship.find()) {
      critical.add(CriticalOperation.PRODUCTION_DEPLOY);
      evidence.add("'" + ship.group() + "' + '" + production.group() + "' → critical operation "
          + CriticalOperation.PRODUCTION_DEPLOY);
    }

    String pattern = pattern(goal, type, items, evidence);
    return new GoalClassification(goal, Optional.ofNullable(type),
        items >= 0 ? OptionalLong.of(items) : OptionalLong.empty(),
        agents >= 0 ? OptionalInt.of(agents) : OptionalInt.empty(), critical, pattern, evidence);
  }

  private static void find(Pattern words, String goal, CriticalOperation operation,
      Set<CriticalOperation> found, List<String> evidence) {
    Matcher m = words.matcher(goal);
    if (m.find()) {
      found.add(operation);
      evidence.add("'" + m.group() + "' → critical operation " + operation);
    }
  }

  private static String pattern(String goal, TaskType type, long items, List<String> evidence) {
    if (TaskType.DEPLOYMENT.equals(type)) {
      return items >= 1_000 ? "Massive parallel deployment" : "Deployment";
    }
    Matcher bug = BUG.matcher(goal);
    if (bug.find()) {
      evidence.add("'" + bug.group() + "' → pattern Bug fix");
      return "Bug fix (high dependencies)";
    }
    if (TaskType.MICRO.equals(type)) {
      return "Micro-operations (overhead-sensitive)";
    }
    if (TaskType.FILE_IO.equals(type)) {
      return items >= 10_000 ? "Mass file operations (IOPS-limited)" : "File processing";
    }
    Matcher repository = REPOSITORY.matcher(goal);
    if (repository.find()) {
      evidence.add("'" + repository.group() + "' → pattern Repository maintenance");
      return "Repository maintenance";
    }
    if (TaskType.API_CALL.equals(type)) {
      return "API calls (rate-limited)";
    }
    if (TaskType.NETWORK.equals(type)) {
      return "Network operations";
    }
    if (TaskType.COMPUTATION.equals(type)) {
      return "Computation (CPU-bound)";
    }
    return "General work";
  }

  /** The number a {@link #QUANTITY} match stands for; -1 if it does not fit a long. */
  private static long value(Matcher m) {
    String digits = m.group(1);
    String multiplier = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3)
        : m.group(4);
    double base = digits == null ? 1 : Double.parseDouble(digits.replace(",", "").replace("_", ""));
    double factor = multiplier == null ? 1 : switch (multiplier.toLowerCase(Locale.ROOT)) {
      case "hundred" -> 100;
      case "thousand", "k" -> 1e3;
      case "million", "m" -> 1e6;
      case "billion" -> 1e9;
      default -> 1;
    };
    double value = base * factor;
    return value >= Long.MAX_VALUE ? -1 : Math.round(value);
  }
}
