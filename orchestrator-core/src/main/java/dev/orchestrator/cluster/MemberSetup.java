package dev.orchestrator.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The Hazelcast configuration of a member: loopback only (bound to 127.0.0.1, TCP/IP join with the
 * listed ports, multicast and auto-detection off, no phone-home), the expected members awaited
 * before the member is used, one synchronous backup of every run map, and the agent executor.
 */
final class MemberSetup {

  /** The executor that runs attempts on each member: as many threads as the member has agents. */
  static final String EXECUTOR = "orchestrator-agents";
  static final String LOOPBACK = "127.0.0.1";

  private MemberSetup() {}

  static Config config(ClusterConfig cluster) {
    Config config = new Config();
    config.setClusterName(cluster.clusterName());
    config.setInstanceName(cluster.clusterName() + "-" + cluster.port());
    config.setProperty("hazelcast.logging.type", cluster.hazelcastLogs() ? "slf4j" : "none");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    // Placing partitions while members still join loses them to an early kill: wait for all.
    config.setProperty("hazelcast.initial.min.cluster.size",
        String.valueOf(cluster.expectedMembers()));
    long seconds = Math.max(1, cluster.failureDetection().toSeconds());
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(seconds));
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(LOOPBACK);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = new ArrayList<>();
    for (int port : cluster.members()) {
      members.add(LOOPBACK + ":" + port);
    }
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    config.getMapConfig(RunMaps.PREFIX + "*").setBackupCount(1).setAsyncBackupCount(0)
        .setStatisticsEnabled(false);
    config.getExecutorConfig(EXECUTOR).setPoolSize(cluster.agents()).setStatisticsEnabled(false);
    return config;
  }
}
