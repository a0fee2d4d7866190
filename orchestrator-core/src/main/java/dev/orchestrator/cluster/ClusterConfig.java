package dev.orchestrator.cluster;

import dev.orchestrator.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * How one member joins a cluster on this host: its own port, the ports of every member (TCP/IP join
 * on 127.0.0.1, multicast off), how many members must be present before any work starts, and how
 * many agents it offers.
 *
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.builder()
 *     .port(5701).members(5701, 5702, 5703).agents(4).build();
 * }</pre>
 */
public final class ClusterConfig {

  /** The lowest port a member may use (below it are the privileged ones). */
  public static final int MIN_PORT = 1024;
  /** The highest port. */
  public static final int MAX_PORT = 65_535;

  private final String clusterName;
  private final int port;
  private final List<Integer> members;
  private final int expectedMembers;
  private final int agents;
  private final Duration failureDetection;
  private final Duration startTimeout;
  private final boolean hazelcastLogs;

  private ClusterConfig(Builder b) {
    this.clusterName = b.clusterName;
    this.port = b.port;
    this.members = List.copyOf(b.members);
    this.expectedMembers = b.expectedMembers == 0 ? members.size() : b.expectedMembers;
    this.agents = b.agents;
    this.failureDetection = b.failureDetection;
    this.startTimeout = b.startTimeout;
    this.hazelcastLogs = b.hazelcastLogs;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The cluster's name: members of other clusters on the same ports are refused. */
  public String clusterName() {
    return clusterName;
  }

  /** This member's port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The ports of every member, this one included. */
  public List<Integer> members() {
    return members;
  }

  /** How many members must have joined before the cluster is used (default: all of them). */
  public int expectedMembers() {
    return expectedMembers;
  }

  /** How many attempts this member runs at once. */
  public int agents() {
    return agents;
  }

  /** How long a member may stay silent before the others take it for dead. */
  public Duration failureDetection() {
    return failureDetection;
  }

  /** How long joining may take: the expected members forming and placing their partitions. */
  public Duration startTimeout() {
    return startTimeout;
  }

  /** Whether Hazelcast's own log lines go to SLF4J (off by default: they are silenced). */
  public boolean hazelcastLogs() {
    return hazelcastLogs;
  }

  @Override
  public String toString() {
    return "ClusterConfig[" + clusterName + ", port " + port + ", members " + members + ", expected "
        + expectedMembers + ", agents " + agents + "]";
  }

  /** Validates each setting as it is given; {@link #build()} checks them together. */
  public static final class Builder {
    private String clusterName = "orchestrator";
    private int port;
    private final List<Integer> members = new ArrayList<>();
    private int expectedMembers;
    private int agents = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Duration failureDetection = Duration.ofSeconds(5);
    private Duration startTimeout = Duration.ofMinutes(2);
    private boolean hazelcastLogs;

    private Builder() {}

    /** @throws IllegalArgumentException if {@code name} is blank */
    public Builder clusterName(String name) {
      this.clusterName = Checks.name(name, "cluster name");
      return this;
    }

    /** @throws IllegalArgumentException if {@code port} is outside [1024, 65535] */
    public Builder port(int port) {
      this.port = checkPort(port, "cluster port");
      return this;
    }

    /**
     * The ports of every member (this one's included).
     *
     * @throws IllegalArgumentException if a port is outside [1024, 65535] or given twice
     */
    public Builder members(int... ports) {
      Objects.requireNonNull(ports, "member ports cannot be null");
      LinkedHashSet<Integer> seen = new LinkedHashSet<>();
      for (int p : ports) {
        if (!seen.add(checkPort(p, "member port"))) {
          throw new IllegalArgumentException("member port " + p + " is given twice");
        }
      }
      members.clear();
      members.addAll(seen);
      return this;
    }

    /** @throws IllegalArgumentException if {@code count < 1} */
    public Builder expectedMembers(int count) {
      this.expectedMembers = Checks.atLeastOne(count, "expected members");
      return this;
    }

    /** @throws IllegalArgumentException if {@code agents < 1} */
    public Builder agents(int agents) {
      this.agents = Checks.atLeastOne(agents, "agents per member");
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code timeout} is shorter than 1 s (Hazelcast counts
     *     heartbeats in whole seconds)
     */
    public Builder failureDetection(Duration timeout) {
      Checks.positive(timeout, "failure detection");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("failure detection must be >= 1 s: " + timeout);
      }
      this.failureDetection = timeout;
      return this;
    }

    /** @throws IllegalArgumentException if {@code timeout} is not positive */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Checks.positive(timeout, "start timeout");
      return this;
    }

    /** Sends Hazelcast's own log lines to SLF4J instead of silencing them. */
    public Builder hazelcastLogs(boolean on) {
      this.hazelcastLogs = on;
      return this;
    }

    /**
     * @throws IllegalStateException if no port or no member ports were given, the port is not one
     *     of them, or more members are expected than are listed
     */
    public ClusterConfig build() {
      if (port == 0) {
        throw new IllegalStateException("cluster port is not set: call port(p)");
      }
      if (members.isEmpty()) {
        throw new IllegalStateException("member ports are not set: call members(p1, p2, ...)");
      }
      if (!members.contains(port)) {
        throw new IllegalStateException(
            "cluster port " + port + " is not among the member ports " + members);
      }
      if (expectedMembers > members.size()) {
        throw new IllegalStateException("expected members (" + expectedMembers
            + ") cannot exceed the member ports listed (" + members.size() + ")");
      }
      return new ClusterConfig(this);
    }

    private static int checkPort(int port, String setting) {
      if (port < MIN_PORT || port > MAX_PORT) {
        throw new IllegalArgumentException(
            setting + " must be within [" + MIN_PORT + ", " + MAX_PORT + "]: " + port);
      }
      return port;
    }
  }
}
