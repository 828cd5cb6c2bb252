package dev.offload.cluster;

import dev.offload.config.ClusterSettings;
import dev.offload.config.PoolSettings;
import dev.offload.dispatch.Admission;
import dev.offload.service.Lifecycle;
import dev.offload.service.CurrentState;
import dev.offload.service.Offloader;
import dev.offload.service.ServiceState;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.logging.Logger;

/**
 * This node's part in the cluster: the clustered Vert.x it runs on, the directory of nodes it may send work to, the
 * {@code cluster} strategy, and, when it exports pools, the consumers that take other nodes' work and the load it
 * publishes a few times a second.
 */
public final class ClusterNode {
  private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());
  /** The member attribute vertx-hazelcast stores its node id in (HazelcastClusterManager.NODE_ID_ATTRIBUTE). */
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  // Vert.x logs every failed connection to a node with its stack trace, once per message (a node publishing its
  // load to one it cannot reach: five a second). The directory logs an unreachable node once, with the reason.
  // Held here: java.util.logging keeps loggers weakly, and a collected one would forget its level.
  private static final Logger BUS_LOG = Logger.getLogger("io.vertx.core.eventbus.impl.clustered.ClusteredEventBus");

  private final Vertx vertx;
  private final ClusterSettings settings;
  private final HazelcastClusterManager manager;
  private final ReplyInbox inbox;
  private final ClusterDirectory directory;
  private final ClusterDispatch dispatch;
  private final TakenWork taken = new TakenWork();
  private final long joinedInMs;
  private JsonObject identity;
  private CurrentState state;
  private Lifecycle lifecycle;
  private String exportDeployment;
  // The load messages and the last "leaving" are all sent from this one context, so they arrive in that order.
  private final Context publishing;
  private long publisher = -1;
  // Set once this node has told the others of an exported pool: from then on it tells them when it drains or leaves.
  // Read and written on the publishing context only.
  private boolean announced;

  private ClusterNode(Vertx vertx, ClusterSettings settings, HazelcastClusterManager manager, MeterRegistry registry,
      long joinedInMs) {
    this.vertx = vertx;
    this.settings = settings;
    this.manager = manager;
    this.joinedInMs = joinedInMs;
    Wire wire = Wire.eventBus(vertx);
    this.inbox = new ReplyInbox(vertx, manager.getNodeId());
    this.directory = new ClusterDirectory(vertx, settings, registry,
        new ReachProbe(vertx, wire, inbox, settings.connectTimeoutMs()), manager.getNodeId());
    this.publishing = ((VertxInternal) vertx).createEventLoopContext();
    this.dispatch = new ClusterDispatch(wire, inbox, directory, settings);
    FunctionCounter.builder("offload_cluster_late_answers_dropped", inbox, ReplyInbox::dropped)
        .description("Answers from cluster nodes that came after this node stopped waiting for them (the node was "
            + "taken as lost, or the deadline passed): dropped, never a second answer")
        .register(registry);
  }

  /** Builds a clustered Vert.x (Hazelcast joins its members) and this node's directory on it. */
  public static Future<ClusterNode> join(VertxBuilder builder, ClusterSettings settings, MeterRegistry registry) {
    long began = System.nanoTime();
    BUS_LOG.setLevel(java.util.logging.Level.SEVERE);
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSettings.of(settings));
    return builder.withClusterManager(manager).buildClustered()
        .compose(vertx -> {
          ClusterNode node = new ClusterNode(vertx, settings, manager, registry,
              (System.nanoTime() - began) / 1_000_000);
          return node.inbox.start().compose(v -> node.directory.start()).map(v -> {
            node.watchMembers();
            return node;
          }).recover(failed -> vertx.close().transform(closed -> Future.failedFuture(failed)));
        })
        .onSuccess(node -> LOG.info("joined cluster " + settings.name() + " as node " + manager.getNodeId()
            + " in " + node.joinedInMs + " ms; members: " + manager.getNodes()));
  }

  /**
   * Hazelcast's members, as they come and go, to the directory: a member that exports pools but cannot be reached
   * sends no load message that arrives, so only its membership tells this node to probe it.
   */
  private void watchMembers() {
    Cluster cluster = manager.getHazelcastInstance().getCluster();
    cluster.addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        seen(event.getMember(), true);
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        // Vert.x's node id, which the fronts know the node by (Vert.x's own NodeListener slot is Vert.x's).
        String id = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        if (id != null) {
          directory.memberRemoved(id);
        }
      }
    });
    cluster.getMembers().forEach(member -> seen(member, false));
  }

  private void seen(Member member, boolean probeNow) {
    String id = member.getAttribute(NODE_ID_ATTRIBUTE);
    if (id != null) {
      directory.memberSeen(id, member.getAddress().getHost(), probeNow);
    }
  }

  /** True when a node this one reaches takes work for {@code pool} now: what {@code /ready} asks of a front. */
  public boolean takesWorkFor(String pool) {
    return directory.takesWorkFor(pool);
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The {@code cluster} strategy of this node. */
  public ClusterDispatch dispatch() {
    return dispatch;
  }

  public String nodeId() {
    return manager.getNodeId();
  }

  /**
   * Takes other nodes' work for this node's exported pools and publishes their load. Work arrives only once the
   * first load message has told the fronts that this node exists, after the consumers are registered.
   */
  public Future<Void> serve(CurrentState state, Offloader offloader, Lifecycle lifecycle, int instances,
      int httpPort) {
    this.state = state;
    this.lifecycle = lifecycle;
    this.identity = new JsonObject().put("id", nodeId()).put("host", settings.publicHost()).put("httpPort", httpPort)
        .put("pid", ProcessHandle.current().pid());
    return vertx.deployVerticle(() -> new WorkExport(nodeId(), identity, state, offloader, lifecycle, taken,
            settings.connectTimeoutMs()),
            new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> {
          exportDeployment = id;
          publishing.runOnContext(v -> {
            publishLoad();
            publisher = vertx.setPeriodic(settings.loadIntervalMs(), t -> publishLoad());
          });
        })
        .mapEmpty();
  }

  private void publishLoad() {
    ServiceState now = state.get();
    JsonObject pools = new JsonObject();
    for (PoolSettings pool : now.config().pools().values()) {
      if (pool.exported()) {
        Admission.Snapshot s = now.pools().get(pool.name()).snapshot();
        pools.put(pool.name(), new JsonObject().put("size", pool.size()).put("limit", s.limit())
            .put("running", s.running()).put("queued", s.queued()).put("maxQueue", s.maxQueue()));
      }
    }
    if (pools.isEmpty() && !announced) {
      return;
    }
    announced = true;
    vertx.eventBus().publish(WorkMessages.LOAD_ADDRESS, identity.copy().put("node", nodeId())
        .put("draining", lifecycle.draining()).put("pools", pools));
  }

  /**
   * The end of a drain: the fronts are told this node leaves (so it is not taken as lost), its consumers go, and
   * closing Vert.x afterwards takes it out of the cluster.
   */
  public Future<Void> leave() {
    Promise<Void> said = Promise.promise();
    publishing.runOnContext(v -> {
      vertx.cancelTimer(publisher);
      if (announced) {
        vertx.eventBus().publish(WorkMessages.LOAD_ADDRESS, new JsonObject().put("node", nodeId())
            .put("leaving", true));
      }
      said.complete();
    });
    return said.future()
        .compose(v -> exportDeployment == null ? Future.<Void>succeededFuture() : vertx.undeploy(exportDeployment))
        .compose(v -> directory.stop())
        .compose(v -> inbox.stop());
  }

  /** The {@code cluster} block of {@code /stats}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("name", settings.name())
        .put("nodeId", nodeId())
        .put("joinedInMs", joinedInMs)
        .put("members", new JsonArray(manager.getNodes()))
        .put("lateAnswersDropped", inbox.dropped())
        .put("nodes", directory.toJson());
  }
}
