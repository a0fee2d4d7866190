package dev.orchestrator.observe;

import dev.orchestrator.graph.PlanInternals;
import dev.orchestrator.graph.TaskGraph;
import dev.orchestrator.internal.Format;
import dev.orchestrator.internal.OwnerOnlyFiles;
import dev.orchestrator.plan.Plan;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code report.html}: one self-contained page (inline CSS and SVG, no script, no network
 * resource) with the run's summary, bottlenecks and recommendations, the agent × time timeline, the
 * task graph with the critical path highlighted, the metrics, the queue depth over time, the agents
 * and the tasks that did not succeed.
 *
 * <p>It stays usable for runs of any size. The timeline draws one bar per task (first start to end,
 * on the agent of its last attempt) up to {@value #GANTT_DETAIL} tasks and {@value #MAX_ROWS}
 * agents; beyond, it draws each row (an agent, or a block of agents) as {@value #BUCKETS} time
 * buckets shaded by how busy they were. The graph draws one node per task up to {@value
 * #GRAPH_DETAIL} tasks, in columns by dependency level; beyond, one node per block of levels and
 * name stem ({@code deploy-1..deploy-9999} is one node "deploy ×9,999"), at most {@value
 * #MAX_COLUMNS} columns of {@value #GROUPS_PER_COLUMN} nodes, with the dependencies between blocks
 * summed.
 */
final class HtmlReport {

  static final int GANTT_DETAIL = 5_000;
  static final int MAX_ROWS = 120;
  static final int BUCKETS = 240;
  static final int GRAPH_DETAIL = 200;
  static final int MAX_COLUMNS = 40;
  static final int GROUPS_PER_COLUMN = 8;
  static final int MAX_EDGES = 2_000;
  static final int TABLE_ROWS = 500;

  private static final int PLOT = 1000;
  private static final int LABEL = 110;

  private HtmlReport() {}

  static void write(Path file, RunReport report) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer out = new BufferedWriter(new java.io.OutputStreamWriter(
        OwnerOnlyFiles.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16)) {
      new Page(report, out).write();
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String color(TaskState state) {
    return switch (state) {
      case SUCCEEDED -> "#2e9d5b";
      case FAILED -> "#d1363b";
      case SKIPPED -> "#9aa3ad";
      case CANCELLED -> "#e69a28";
      case RUNNING -> "#3b82c4";
      case PENDING -> "#cfd6dd";
    };
  }

  private static String num(double x) {
    return String.format(Locale.ROOT, "%.1f", x);
  }

  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1d2733;background:#f5f7f9}
      header{background:#1d2733;color:#fff;padding:18px 28px}
      header h1{margin:0 0 4px;font-size:22px}
      header p{margin:0;color:#c6d0da}
      main{padding:8px 28px 40px}
      section{background:#fff;border:1px solid #dde3e9;border-radius:6px;margin:16px 0;padding:12px 18px;overflow-x:auto}
      h2{font-size:17px;margin:4px 0 10px}
      .cards{display:flex;flex-wrap:wrap;gap:10px}
      .card{border:1px solid #dde3e9;border-radius:6px;padding:8px 14px;min-width:110px}
      .card b{display:block;font-size:20px}
      .card span{color:#5b6b7b;font-size:12px}
      table{border-collapse:collapse}
      td,th{border-bottom:1px solid #e6eaef;padding:4px 10px;text-align:left;vertical-align:top}
      th{background:#f0f3f6}
      td.n{text-align:right;font-variant-numeric:tabular-nums}
      .note{color:#5b6b7b;font-size:12px}
      .legend span{display:inline-block;margin-right:14px}
      .legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px;border-radius:2px}
      li{margin:4px 0}
      svg text{font:11px system-ui,sans-serif;fill:#1d2733}
      """;

  /** One page being written. */
  private static final class Page {
    private final RunReport r;
    private final RunMetrics m;
    private final Writer out;
    private final long makespan;

    Page(RunReport r, Writer out) {
      this.r = r;
      this.m = r.metrics();
      this.out = out;
      this.makespan = Math.max(1, r.makespan().toNanos());
    }

    void write() throws IOException {
      out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
      out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
      out.write("<title>" + escape("Run report: " + r.plan() + " (" + r.runId() + ")") + "</title>\n");
      out.write("<style>" + CSS + "</style>\n</head>\n<body>\n");
      header();
      out.write("<main>\n");
      summary();
      findings();
      timeline();
      graph();
      metrics();
      queue();
      agents();
      problems();
      adjustments();
      out.write("</main>\n</body>\n</html>\n");
    }

    private void header() throws IOException {
      out.write("<header><h1>" + escape(r.plan()) + "</h1><p>" + escape(r.runId()) + " · "
          + r.mode() + " · started " + escape(r.startTime().toString()) + " · took "
          + escape(Format.duration(r.makespan()))
          + r.estimate().map(e -> escape(" · predicted " + Format.duration(e) + " ("
              + r.estimateSource().orElse("") + ")")).orElse("")
          + (r.wasCancelled() ? " · <b>cancelled</b>" : "") + "</p></header>\n");
    }

    private void card(String value, String label) throws IOException {
      out.write("<div class=\"card\"><b>" + escape(value) + "</b><span>" + escape(label) + "</span></div>");
    }

    private void summary() throws IOException {
      out.write("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
      card(Format.count(r.taskCount()), "tasks");
      card(Format.count(r.succeeded()), "succeeded");
      card(Format.count(r.failed()), "failed");
      card(Format.count(r.skipped()), "skipped");
      card(Format.count(r.cancelled()), "cancelled");
      card(Format.percent(m.parallelismEfficiency()), "parallelism efficiency");
      card(Format.percent(m.utilization()), "agent utilization");
      card(Format.percent(m.successRate()), "success rate");
      card(Format.percent(m.criticalPathShare()), "critical path / run time");
      card(Format.count(m.peakAgents()), "agents at the peak");
      out.write("</div></section>\n");
    }

    private void findings() throws IOException {
      out.write("<section id=\"findings\"><h2>Bottlenecks and recommendations</h2>");
      if (m.bottlenecks().isEmpty()) {
        out.write("<p>None found: no rule of the report flagged this run.</p>");
      } else {
        out.write("<ul>");
        for (RunMetrics.Bottleneck b : m.bottlenecks()) {
          out.write("<li><b>" + escape(b.kind().name()) + "</b>: " + escape(b.finding())
              + ".<br>→ " + escape(b.recommendation()) + ".</li>");
        }
        out.write("</ul>");
      }
      out.write("</section>\n");
    }

    // ---------------------------------------------------------------- timeline

    private void timeline() throws IOException {
      List<AgentStatistics> agents = r.pool().agents();
      int agentCount = agents.size();
      int perRow = Math.max(1, (agentCount + MAX_ROWS - 1) / MAX_ROWS);
      int rows = Math.max(1, (agentCount + perRow - 1) / perRow);
      int ran = 0;
      for (int i = 0; i < r.taskCount(); i++) {
        if (r.agentIndexAt(i) >= 0 && r.startNanos(i) >= 0) {
          ran++;
        }
      }
      boolean detail = perRow == 1 && ran <= GANTT_DETAIL;
      int rowHeight = detail ? 16 : rows <= 40 ? 14 : rows <= 60 ? 10 : 6;
      int top = 8;
      int height = top + rows * rowHeight + 28;
      out.write("<section id=\"timeline\"><h2>Timeline: agents × time</h2>");
      out.write("<p class=\"note\">" + (detail
          ? "One bar per task, from its first start to its end, on the agent of its last attempt."
          : "Each cell is a slice of " + Format.nanos(makespan / BUCKETS) + " on "
              + (perRow == 1 ? "one agent" : perRow + " agents") + ", darker when busier ("
              + Format.count(ran) + " tasks are too many to draw one by one).")
          + "</p>");
      legend();
      out.write("<svg width=\"" + (LABEL + PLOT + 60)
          + "\" height=\"" + height + "\" role=\"img\" aria-label=\"timeline\">");
      for (int row = 0; row < rows; row++) {
        int y = top + row * rowHeight;
        if (row % 2 == 0) {
          out.write("<rect x=\"" + LABEL + "\" y=\"" + y + "\" width=\"" + PLOT + "\" height=\""
              + rowHeight + "\" fill=\"#f3f5f7\"/>");
        }
        if (rowHeight >= 10) {
          String label = perRow == 1 ? agents.get(row).name()
              : agents.get(row * perRow).name() + "…";
          out.write("<text x=\"4\" y=\"" + (y + rowHeight - 3) + "\">" + escape(label) + "</text>");
        }
      }
      if (detail) {
        for (int i = 0; i < r.taskCount(); i++) {
          int a = r.agentIndexAt(i);
          long s = r.startNanos(i);
          long f = r.finishNanos(i);
          if (a < 0 || s < 0 || f < 0) {
            continue;
          }
          double x = LABEL + (double) s / makespan * PLOT;
          double w = Math.max(1, (double) (f - s) / makespan * PLOT);
          int y = top + a * rowHeight + 2;
          out.write("<rect x=\"" + num(x) + "\" y=\"" + y + "\" width=\"" + num(w) + "\" height=\""
              + (rowHeight - 4) + "\" fill=\"" + color(r.stateAt(i)) + "\"><title>"
              + escape(r.idAt(i) + ": " + r.stateAt(i) + ", " + Format.nanos(s) + " → "
                  + Format.nanos(f) + " on " + r.agentAt(i))
              + "</title></rect>");
        }
      } else {
        double[][] busy = new double[rows][BUCKETS];
        double bucket = (double) makespan / BUCKETS;
        for (int i = 0; i < r.taskCount(); i++) {
          int a = r.agentIndexAt(i);
          long s = r.startNanos(i);
          long f = r.finishNanos(i);
          if (a < 0 || s < 0 || f < s) {
            continue;
          }
          int row = a / perRow;
          int b0 = (int) Math.min(BUCKETS - 1, s / bucket);
          int b1 = (int) Math.min(BUCKETS - 1, f / bucket);
          for (int b = b0; b <= b1; b++) {
            double lo = Math.max(s, b * bucket);
            double hi = Math.min(f, (b + 1) * bucket);
            if (hi > lo) {
              busy[row][b] += hi - lo;
            }
          }
        }
        double cell = (double) PLOT / BUCKETS;
        for (int row = 0; row < rows; row++) {
          int inRow = Math.min(perRow, agentCount - row * perRow);
          for (int b = 0; b < BUCKETS; b++) {
            double share = Math.min(1, busy[row][b] / (bucket * Math.max(1, inRow)));
            if (share > 0.005) {
              out.write("<rect x=\"" + num(LABEL + b * cell) + "\" y=\"" + (top + row * rowHeight)
                  + "\" width=\"" + num(cell + 0.3) + "\" height=\"" + rowHeight
                  + "\" fill=\"#2e9d5b\" fill-opacity=\"" + String.format(Locale.ROOT, "%.2f", share)
                  + "\"/>");
            }
          }
        }
      }
      axis(top + rows * rowHeight);
      out.write("</svg></section>\n");
    }

    private void legend() throws IOException {
      out.write("<p class=\"legend\">");
      for (TaskState s : new TaskState[] {TaskState.SUCCEEDED, TaskState.FAILED, TaskState.SKIPPED,
          TaskState.CANCELLED}) {
        out.write("<span><i style=\"background:" + color(s) + "\"></i>" + s.name().toLowerCase(Locale.ROOT)
            + "</span>");
      }
      out.write("<span><i style=\"background:#fff;border:2px solid #d1363b\"></i>critical path</span></p>");
    }

    private void axis(int y) throws IOException {
      out.write("<line x1=\"" + LABEL + "\" y1=\"" + y + "\" x2=\"" + (LABEL + PLOT) + "\" y2=\"" + y
          + "\" stroke=\"#8795a3\"/>");
      for (int k = 0; k <= 8; k++) {
        double x = LABEL + k * PLOT / 8.0;
        out.write("<line x1=\"" + num(x) + "\" y1=\"" + y + "\" x2=\"" + num(x) + "\" y2=\"" + (y + 4)
            + "\" stroke=\"#8795a3\"/><text x=\"" + num(x - 12) + "\" y=\"" + (y + 16) + "\">"
            + escape(Format.nanos(Math.round(makespan * k / 8.0))) + "</text>");
      }
    }

    // ---------------------------------------------------------------- graph

    private void graph() throws IOException {
      out.write("<section id=\"graph\"><h2>Task graph</h2>");
      Plan plan = r.executedPlan().orElse(null);
      if (plan == null) {
        out.write("<p>The plan is not part of this report, so its graph cannot be drawn.</p></section>\n");
        return;
      }
      TaskGraph g = PlanInternals.graph(plan);
      Set<Integer> cp = new HashSet<>();
      Map<String, Integer> byId = new HashMap<>();
      for (String id : m.criticalPathTasks()) {
        int i = g.indexOf(id);
        if (i >= 0) {
          cp.add(i);
          byId.put(id, i);
        }
      }
      int spawned = r.taskCount() - g.size();
      out.write("<p class=\"note\">Columns are dependency levels, left to right. The critical path"
          + " (longest chain of task times in this run, " + escape(Format.duration(m.criticalPath()))
          + ") is drawn in red" + (m.criticalPathTasks().isEmpty() ? "" : ": "
          + escape(abbreviate(m.criticalPathTasks()))) + "."
          + (spawned > 0 ? " " + Format.count(spawned) + " spawned tasks are not drawn; each is part of"
              + " its parent's time." : "")
          + "</p>");
      legend();
      if (g.size() <= GRAPH_DETAIL) {
        detailGraph(g, cp);
      } else {
        groupGraph(g, cp);
      }
      out.write("</section>\n");
    }

    private static String abbreviate(List<String> ids) {
      if (ids.size() <= 12) {
        return String.join(" → ", ids);
      }
      return String.join(" → ", ids.subList(0, 6)) + " → … (" + (ids.size() - 10) + " more) → "
          + String.join(" → ", ids.subList(ids.size() - 4, ids.size()));
    }

    private void detailGraph(TaskGraph g, Set<Integer> cp) throws IOException {
      int n = g.size();
      int levels = Math.max(1, g.levelCount());
      // Rows within a level: by the mean row of the predecessors (fewer crossings), then plan order.
      int[] row = new int[n];
      int[] width = new int[levels];
      List<List<Integer>> columns = new ArrayList<>();
      for (int l = 0; l < levels; l++) {
        columns.add(new ArrayList<>());
      }
      for (int k = 0; k < n; k++) {
        int i = g.topological(k);
        columns.get(g.level(i)).add(i);
      }
      double[] key = new double[n];
      for (int l = 0; l < levels; l++) {
        List<Integer> col = columns.get(l);
        for (int i : col) {
          double sum = 0;
          int count = 0;
          for (int e = g.predecessorStart(i); e < g.predecessorEnd(i); e++) {
            sum += row[g.predecessor(e)];
            count++;
          }
          key[i] = count == 0 ? i : sum / count;
        }
        col.sort((a, b) -> a.equals(b) ? 0 : key[a] != key[b] ? Double.compare(key[a], key[b]) : Integer.compare(a, b));
        for (int k = 0; k < col.size(); k++) {
          row[col.get(k)] = k;
        }
        width[l] = col.size();
      }
      int maxRows = Arrays.stream(width).max().orElse(1);
      int colW = 170;
      int rowH = 30;
      int nodeW = 140;
      int nodeH = 22;
      int w = levels * colW + 20;
      int h = maxRows * rowH + 20;
      out.write("<svg width=\"" + w + "\" height=\"" + h
          + "\" role=\"img\" aria-label=\"task graph\">");
      for (int i = 0; i < n; i++) {
        for (int e = g.successorStart(i); e < g.successorEnd(i); e++) {
          int j = g.successor(e);
          boolean critical = cp.contains(i) && cp.contains(j) && onPath(i, j);
          double x1 = 10 + g.level(i) * colW + nodeW;
          double y1 = 10 + row[i] * rowH + nodeH / 2.0;
          double x2 = 10 + g.level(j) * colW;
          double y2 = 10 + row[j] * rowH + nodeH / 2.0;
          double mid = (x1 + x2) / 2;
          out.write("<path d=\"M" + num(x1) + "," + num(y1) + " C" + num(mid) + "," + num(y1) + " "
              + num(mid) + "," + num(y2) + " " + num(x2) + "," + num(y2) + "\" fill=\"none\" stroke=\""
              + (critical ? "#d1363b" : "#aab4be") + "\" stroke-width=\"" + (critical ? 2.5 : 1) + "\"/>");
        }
      }
      for (int i = 0; i < n; i++) {
        int x = 10 + g.level(i) * colW;
        int y = 10 + row[i] * rowH;
        TaskState state = r.stateAt(i);
        String label = g.id(i).length() > 20 ? g.id(i).substring(0, 19) + "…" : g.id(i);
        out.write("<g><title>" + escape(g.id(i) + ": " + state + ", "
            + Format.nanos(MetricsCalculator.span(r, i)) + (cp.contains(i) ? " (critical path)" : ""))
            + "</title><rect x=\"" + x + "\" y=\"" + y + "\" width=\"" + nodeW + "\" height=\""
            + nodeH + "\" rx=\"4\" fill=\"" + color(state) + "\" fill-opacity=\"0.25\" stroke=\""
            + (cp.contains(i) ? "#d1363b" : color(state)) + "\" stroke-width=\""
            + (cp.contains(i) ? 2.5 : 1) + "\"/><text x=\"" + (x + 6) + "\" y=\"" + (y + 15) + "\">"
            + escape(label) + "</text></g>");
      }
      out.write("</svg>");
    }

    /** Whether j follows i directly on the critical path. */
    private boolean onPath(int i, int j) {
      List<String> path = m.criticalPathTasks();
      for (int k = 0; k + 1 < path.size(); k++) {
        if (path.get(k).equals(r.idAt(i)) && path.get(k + 1).equals(r.idAt(j))) {
          return true;
        }
      }
      return false;
    }

    private void groupGraph(TaskGraph g, Set<Integer> cp) throws IOException {
      int n = g.size();
      int levels = Math.max(1, g.levelCount());
      int perColumn = Math.max(1, (levels + MAX_COLUMNS - 1) / MAX_COLUMNS);
      int columns = (levels + perColumn - 1) / perColumn;
      // Pass 1: task counts per (column, stem); keep the biggest stems per column.
      List<Map<String, Integer>> stems = new ArrayList<>();
      for (int c = 0; c < columns; c++) {
        stems.add(new HashMap<>());
      }
      String[] stemOf = new String[n];
      for (int i = 0; i < n; i++) {
        stemOf[i] = Format.stem(g.task(i).name());
        stems.get(g.level(i) / perColumn).merge(stemOf[i], 1, Integer::sum);
      }
      List<List<String>> kept = new ArrayList<>();
      int[] groupBase = new int[columns + 1];
      for (int c = 0; c < columns; c++) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(stems.get(c).entrySet());
        entries.sort((a, b) -> b.getValue().equals(a.getValue())
            ? a.getKey().compareTo(b.getKey()) : Integer.compare(b.getValue(), a.getValue()));
        List<String> names = new ArrayList<>();
        int limit = entries.size() <= GROUPS_PER_COLUMN ? entries.size() : GROUPS_PER_COLUMN - 1;
        for (int k = 0; k < limit; k++) {
          names.add(entries.get(k).getKey());
        }
        if (entries.size() > limit) {
          names.add(null); // "other"
        }
        kept.add(names);
        groupBase[c + 1] = groupBase[c] + names.size();
      }
      int groups = groupBase[columns];
      int[] group = new int[n];
      int[] size = new int[groups];
      long[] work = new long[groups];
      int[][] states = new int[groups][TaskState.values().length];
      boolean[] critical = new boolean[groups];
      for (int i = 0; i < n; i++) {
        int c = g.level(i) / perColumn;
        List<String> names = kept.get(c);
        int k = names.indexOf(stemOf[i]);
        if (k < 0) {
          k = names.size() - 1;
        }
        int gi = groupBase[c] + k;
        group[i] = gi;
        size[gi]++;
        work[gi] += MetricsCalculator.span(r, i);
        states[gi][r.stateAt(i).ordinal()]++;
        critical[gi] |= cp.contains(i);
      }
      // Pass 2: dependencies between groups, summed; the critical path's own steps marked.
      Map<Long, int[]> edges = new HashMap<>();
      int[] internal = new int[groups];
      for (int i = 0; i < n; i++) {
        for (int e = g.successorStart(i); e < g.successorEnd(i); e++) {
          int j = g.successor(e);
          if (group[i] == group[j]) {
            internal[group[i]]++;
          } else {
            edges.computeIfAbsent(((long) group[i] << 32) | group[j], key -> new int[2])[0]++;
          }
        }
      }
      List<String> path = m.criticalPathTasks();
      for (int k = 0; k + 1 < path.size(); k++) {
        int a = g.indexOf(path.get(k));
        int b = g.indexOf(path.get(k + 1));
        if (a >= 0 && b >= 0 && group[a] != group[b]) {
          int[] edge = edges.get(((long) group[a] << 32) | group[b]);
          if (edge != null) {
            edge[1] = 1;
          }
        }
      }
      int colW = 200;
      int rowH = 58;
      int nodeW = 160;
      int nodeH = 44;
      int w = columns * colW + 20;
      int tallest = 1;
      for (List<String> names : kept) {
        tallest = Math.max(tallest, names.size());
      }
      int h = tallest * rowH + 20;
      out.write("<p class=\"note\">" + Format.count(n) + " tasks in " + Format.count(levels)
          + " levels, drawn as " + groups + " blocks" + (perColumn > 1 ? " (" + perColumn
              + " levels per column)" : "") + ": one block per name stem in a column, the smaller"
          + " ones as \"other\". Lines sum the dependencies between blocks.</p>");
      out.write("<svg width=\"" + w + "\" height=\"" + h
          + "\" role=\"img\" aria-label=\"task graph, grouped\">");
      List<Map.Entry<Long, int[]>> drawn = new ArrayList<>(edges.entrySet());
      drawn.sort((a, b) -> a.getValue()[1] != b.getValue()[1] ? b.getValue()[1] - a.getValue()[1]
          : Integer.compare(b.getValue()[0], a.getValue()[0]));
      for (int k = 0; k < Math.min(MAX_EDGES, drawn.size()); k++) {
        long key = drawn.get(k).getKey();
        int[] v = drawn.get(k).getValue();
        int a = (int) (key >>> 32);
        int b = (int) key;
        double x1 = 10 + column(groupBase, a) * colW + nodeW;
        double y1 = 10 + (a - groupBase[column(groupBase, a)]) * rowH + nodeH / 2.0;
        double x2 = 10 + column(groupBase, b) * colW;
        double y2 = 10 + (b - groupBase[column(groupBase, b)]) * rowH + nodeH / 2.0;
        double mid = (x1 + x2) / 2;
        double stroke = v[1] == 1 ? 3 : Math.min(6, 0.8 + Math.log10(v[0]));
        out.write("<path d=\"M" + num(x1) + "," + num(y1) + " C" + num(mid) + "," + num(y1) + " "
            + num(mid) + "," + num(y2) + " " + num(x2) + "," + num(y2) + "\" fill=\"none\" stroke=\""
            + (v[1] == 1 ? "#d1363b" : "#aab4be") + "\" stroke-width=\"" + num(stroke) + "\"><title>"
            + Format.count(v[0]) + " dependencies</title></path>");
      }
      for (int c = 0; c < columns; c++) {
        List<String> names = kept.get(c);
        for (int k = 0; k < names.size(); k++) {
          int gi = groupBase[c] + k;
          int x = 10 + c * colW;
          int y = 10 + k * rowH;
          String stem = names.get(k) == null ? "other" : names.get(k);
          String label = (stem.length() > 16 ? stem.substring(0, 15) + "…" : stem) + " ×"
              + Format.count(size[gi]);
          int first = c * perColumn;
          int last = Math.min(levels, first + perColumn) - 1;
          String levelText = first == last ? "level " + first : "levels " + first + "–" + last;
          out.write("<g><title>" + escape(stem + ": " + Format.count(size[gi]) + " tasks, " + levelText
              + ", " + Format.nanos(work[gi]) + " of task time; " + states[gi][TaskState.SUCCEEDED.ordinal()]
              + " succeeded, " + states[gi][TaskState.FAILED.ordinal()] + " failed, "
              + states[gi][TaskState.SKIPPED.ordinal()] + " skipped, "
              + states[gi][TaskState.CANCELLED.ordinal()] + " cancelled; " + internal[gi]
              + " dependencies inside") + "</title>");
          out.write("<rect x=\"" + x + "\" y=\"" + y + "\" width=\"" + nodeW + "\" height=\"" + nodeH
              + "\" rx=\"5\" fill=\"#fff\" stroke=\"" + (critical[gi] ? "#d1363b" : "#8795a3")
              + "\" stroke-width=\"" + (critical[gi] ? 2.5 : 1) + "\"/>");
          out.write("<text x=\"" + (x + 6) + "\" y=\"" + (y + 15) + "\">" + escape(label) + "</text>");
          out.write("<text x=\"" + (x + 6) + "\" y=\"" + (y + 28) + "\" style=\"fill:#5b6b7b\">"
              + escape(levelText) + "</text>");
          double bx = x + 6;
          double bw = nodeW - 12;
          for (TaskState s : TaskState.values()) {
            int count = states[gi][s.ordinal()];
            if (count > 0) {
              double part = bw * count / size[gi];
              out.write("<rect x=\"" + num(bx) + "\" y=\"" + (y + 33) + "\" width=\"" + num(part)
                  + "\" height=\"6\" fill=\"" + color(s) + "\"/>");
              bx += part;
            }
          }
          out.write("</g>");
        }
      }
      out.write("</svg>");
    }

    private static int column(int[] groupBase, int group) {
      int c = Arrays.binarySearch(groupBase, group);
      if (c >= 0) {
        while (c + 1 < groupBase.length && groupBase[c + 1] == group) {
          c++; // skip empty columns
        }
        return c;
      }
      return -c - 2;
    }

    // ---------------------------------------------------------------- tables

    private void row(String name, String value, String meaning) throws IOException {
      out.write("<tr><th>" + escape(name) + "</th><td class=\"n\">" + escape(value) + "</td><td>"
          + escape(meaning) + "</td></tr>");
    }

    private void metrics() throws IOException {
      out.write("<section id=\"metrics\"><h2>Metrics</h2><table>");
      row("makespan M", Format.duration(m.makespan()), "start of the run to the end of its last task");
      row("total work W", Format.duration(m.totalWork()), "the agents' busy time, summed");
      row("critical path CP", Format.duration(m.criticalPath()), "longest chain of task times through the dependencies");
      row("speed-up S", Format.decimal(m.speedUp()), "W ÷ M: agents busy on average");
      row("theoretical maximum", Format.decimal(m.maxSpeedUp()), "min(peak agents, W ÷ CP)");
      row("parallelism efficiency", Format.percent(m.parallelismEfficiency()), "S ÷ theoretical maximum");
      row("agent utilization", Format.percent(m.utilization()), "busy ÷ alive agent time");
      row("task success rate", Format.percent(m.successRate()), "succeeded ÷ tasks");
      row("critical path share", Format.percent(m.criticalPathShare()), "CP ÷ M");
      row("average queue depth", Format.decimal(m.averageQueueDepth()), "ready tasks waiting for an agent, time-weighted");
      row("largest queue depth", Format.count(m.maxQueueDepth()), "most ready tasks sampled");
      row("pool reuse rate", Format.percent(m.reuseRate()), "executions by an agent that had already run a task");
      row("pool efficiency", Format.percent(m.poolEfficiency()), "how evenly tasks spread over the agents");
      row("agents created", Format.count(r.pool().agentsCreated()), "initial, grown and replacements");
      row("hand-offs / steals", Format.count(r.pool().handOffs()) + " / " + Format.count(r.pool().steals()),
          "successors run by the agent that released them / by another agent");
      row("events dropped", Format.count(r.eventsDropped()), "events a slow listener missed");
      out.write("</table></section>\n");
    }

    private void queue() throws IOException {
      List<QueueSample> samples = r.queueDepth();
      out.write("<section id=\"queue\"><h2>Queue depth over time</h2>");
      if (samples.size() < 2) {
        out.write("<p>Not enough samples.</p></section>\n");
        return;
      }
      int max = 1;
      for (QueueSample s : samples) {
        max = Math.max(max, Math.max(s.ready(), s.running()));
      }
      int h = 160;
      int top = 10;
      out.write("<p class=\"legend\"><span><i style=\"background:#3b82c4\"></i>ready, waiting for an agent</span>"
          + "<span><i style=\"background:#2e9d5b\"></i>running</span> (max " + Format.count(max) + ")</p>");
      out.write("<svg width=\"" + (LABEL + PLOT + 60) + "\" height=\""
          + (h + top + 28) + "\" role=\"img\" aria-label=\"queue depth\">");
      for (String series : new String[] {"ready", "running"}) {
        StringBuilder points = new StringBuilder();
        double lastY = -1;
        for (QueueSample s : samples) {
          int v = series.equals("ready") ? s.ready() : s.running();
          String x = num(Math.min(LABEL + PLOT, LABEL + (double) s.time().toNanos() / makespan * PLOT));
          double y = top + h - (double) v / max * h;
          if (lastY >= 0) { // a step: the depth holds until the next sample
            points.append(x).append(',').append(num(lastY)).append(' ');
          }
          points.append(x).append(',').append(num(y)).append(' ');
          lastY = y;
        }
        out.write("<polyline fill=\"none\" stroke=\"" + (series.equals("ready") ? "#3b82c4" : "#2e9d5b")
            + "\" stroke-width=\"1.5\" points=\"" + points.toString().trim() + "\"/>");
      }
      out.write("<text x=\"4\" y=\"" + (top + 10) + "\">" + Format.count(max) + "</text><text x=\"4\" y=\""
          + (top + h) + "\">0</text>");
      axis(top + h);
      out.write("</svg></section>\n");
    }

    private void agents() throws IOException {
      List<AgentStatistics> agents = r.pool().agents();
      out.write("<section id=\"agents\"><h2>Agents</h2><table><tr><th>agent</th><th>tasks</th>"
          + "<th>busy</th><th>alive</th><th>utilization</th></tr>");
      for (int k = 0; k < Math.min(TABLE_ROWS, agents.size()); k++) {
        AgentStatistics a = agents.get(k);
        long alive = a.alive().toNanos();
        out.write("<tr><td>" + escape(a.name()) + (a.abandoned() ? " (abandoned)" : "")
            + "</td><td class=\"n\">" + Format.count(a.tasks()) + "</td><td class=\"n\">"
            + escape(Format.duration(a.busy())) + "</td><td class=\"n\">" + escape(Format.duration(a.alive()))
            + "</td><td class=\"n\">" + Format.percent(alive == 0 ? 0 : (double) a.busy().toNanos() / alive)
            + "</td></tr>");
      }
      out.write("</table>");
      if (agents.size() > TABLE_ROWS) {
        out.write("<p class=\"note\">… and " + Format.count(agents.size() - TABLE_ROWS) + " more agents (see report.json).</p>");
      }
      out.write("</section>\n");
    }

    private void problems() throws IOException {
      int notOk = r.taskCount() - r.succeeded();
      out.write("<section id=\"problems\"><h2>Tasks that did not succeed (" + Format.count(notOk) + ")</h2>");
      if (notOk == 0) {
        out.write("<p>Every task succeeded.</p></section>\n");
        return;
      }
      out.write("<table><tr><th>task</th><th>state</th><th>attempts</th><th>cause</th></tr>");
      int shown = 0;
      for (int i = 0; i < r.taskCount() && shown < TABLE_ROWS; i++) {
        TaskState s = r.stateAt(i);
        if (s == TaskState.SUCCEEDED) {
          continue;
        }
        shown++;
        TaskOutcome t = r.tasks().get(i);
        out.write("<tr><td>" + escape(t.taskId()) + "</td><td style=\"color:" + color(s) + "\">" + s
            + "</td><td class=\"n\">" + t.attempts() + "</td><td>" + escape(t.cause().orElse(""))
            + "</td></tr>");
      }
      out.write("</table>");
      if (notOk > shown) {
        out.write("<p class=\"note\">… and " + Format.count(notOk - shown) + " more (see report.json).</p>");
      }
      out.write("</section>\n");
    }

    private void adjustments() throws IOException {
      out.write("<section id=\"adjustments\"><h2>Scaling adjustments (" + r.adjustments().size() + ")</h2>");
      if (r.adjustments().isEmpty()) {
        out.write("<p>The pool kept its size.</p></section>\n");
        return;
      }
      out.write("<table><tr><th>time</th><th>agents</th><th>reason</th></tr>");
      for (RunEvent.ScalingAdjustment a : r.adjustments()) {
        out.write("<tr><td>" + escape(a.time().toString()) + "</td><td>" + a.fromAgents() + " → "
            + a.toAgents() + "</td><td>" + escape(a.reason()) + "</td></tr>");
      }
      out.write("</table></section>\n");
    }
  }
}
