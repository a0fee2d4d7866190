package dev.orchestrator.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A node of a reasoning tree: a line of text and the lines that support it. Scaling decisions and
 * plan previews render as such trees, readable like a proof:
 *
 * <pre>
 * Scaling calculation
 * ├─ Maximum parallelism: 10,000 tasks
 * ├─ Coordination overhead at 10,000 agents: 3.0 s
 * │  └─ 10,000 × 0.3 ms start-up
 * └─ Decision: 10,000 agents
 * </pre>
 *
 * @param text this line
 * @param children the lines under it
 */
public record Explanation(String text, List<Explanation> children) {

  public Explanation {
    Objects.requireNonNull(text, "text cannot be null");
    children = List.copyOf(children);
  }

  /** A line with no children. */
  public static Explanation of(String text) {
    return new Explanation(text, List.of());
  }

  /** A line with children. */
  public static Explanation of(String text, Explanation... children) {
    return new Explanation(text, List.of(children));
  }

  /** A line with children. */
  public static Explanation of(String text, List<Explanation> children) {
    return new Explanation(text, children);
  }

  /** This tree as text, one line per node, children under their parent with box-drawing guides. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(text).append('\n');
    renderChildren(out, "");
    return out.toString();
  }

  /** Every line of the tree, depth first, for searching. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    collect(this, lines);
    return lines;
  }

  private static void collect(Explanation node, List<String> lines) {
    lines.add(node.text);
    for (Explanation child : node.children) {
      collect(child, lines);
    }
  }

  private void renderChildren(StringBuilder out, String indent) {
    for (int i = 0; i < children.size(); i++) {
      boolean last = i == children.size() - 1;
      Explanation child = children.get(i);
      out.append(indent).append(last ? "└─ " : "├─ ").append(child.text).append('\n');
      child.renderChildren(out, indent + (last ? "   " : "│  "));
    }
  }
}
