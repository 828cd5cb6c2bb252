package dev.offload.cluster;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.offload.config.ClusterSettings;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Hazelcast member config for a {@code cluster} section: TCP-IP join only on {@code cluster.host} and the one
 * port given, fast failure detection, a deserialization filter, no phone-home.
 */
final class HazelcastSettings {
  // Held here: java.util.logging keeps loggers weakly, and a collected one would forget its level.
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
  private static final Logger CP_SUBSYSTEM_LOG = Logger.getLogger("com.hazelcast.cp.CPSubsystem");

  /** vertx-hazelcast's DataSerializable records (node info, registrations), which its maps hold. */
  static final String VERTX_HAZELCAST_CLASSES = "io.vertx.spi.cluster.hazelcast.";

  private HazelcastSettings() {
  }

  static Config of(ClusterSettings cluster) {
    // Hazelcast tells every partition migration at INFO; offload logs joins and losses itself.
    HAZELCAST_LOG.setLevel(Level.WARNING);
    // "CP Subsystem is not enabled ... UNSAFE mode": offload and vertx-hazelcast use no CP data structure (its locks
    // and counters are plain maps), so the warning says nothing about this service.
    CP_SUBSYSTEM_LOG.setLevel(Level.SEVERE);
    // vertx-hazelcast's own default (its maps and multimap for the event bus), then our network on top.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    // Hazelcast's own shutdown hook would leave the cluster under our drain; offload leaves when it is done.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Join in about a second instead of Hazelcast's default wait of 5 s, and lose a silent member within
    // failureDetectionMs instead of 60 s.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "2");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds",
        Long.toString(Math.max(2, (cluster.failureDetectionMs() + 999) / 1000)));
    config.setProperty("hazelcast.member.list.publish.interval.seconds", "5");
    // A member paused longer than that (SIGSTOP, a frozen VM, a long GC) finds itself split off when it resumes: the
    // others removed it. Hazelcast's split-brain merge brings it back, and vertx-hazelcast then publishes its node
    // info and consumers again; by default the first check waits 300 s from start and the next ones 120 s apart.
    String mergeCheck = Long.toString(Math.max(2, Math.min(60, (cluster.failureDetectionMs() + 999) / 1000)));
    config.setProperty("hazelcast.merge.first.run.delay.seconds", mergeCheck);
    config.setProperty("hazelcast.merge.next.run.delay.seconds", mergeCheck);
    // Any member may send objects to deserialize: only Hazelcast's own classes, the JDK's and vertx-hazelcast's node
    // and subscription records are made from them, never a class of a library that happens to be on the class path.
    config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
        .setWhitelist(new ClassFilter().addPrefixes(VERTX_HAZELCAST_CLASSES)));
    // Listen on cluster.host only, not on every interface.
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.local.localAddress", cluster.host());
    NetworkConfig network = config.getNetworkConfig();
    // The port given or none: another one picked silently would not be the one the other nodes' members lists name.
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    if (!cluster.publicHost().equals(cluster.host())) {
      network.setPublicAddress(cluster.publicHost());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2)
        .setMembers(cluster.members().isEmpty() ? List.of(cluster.host()) : cluster.members());
    return config;
  }
}
