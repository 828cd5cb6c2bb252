package dev.offload.dispatch;

import dev.offload.config.ConfigParser;
import dev.offload.config.RouteSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;

/**
 * The ways a route's work can run, one instance of each for the whole service, and the pool whose admission each
 * route's work goes through: a named pool for the pool strategies, the front's cluster admission for {@code cluster},
 * a built-in pool for the others.
 */
public final class Strategies {
  /** The built-in pools' labels in {@code /stats}, {@code /metrics} and the config's {@code admission} section. */
  public static final String EVENT_LOOP_POOL = "event-loop";
  public static final String DEFAULT_POOL = "default";
  public static final String VIRTUAL_POOL = "virtual";

  private final DispatchStrategy eventLoop = new EventLoopDispatch();
  private final DispatchStrategy orderedBlocking;
  private final DispatchStrategy unorderedBlocking;
  private final DispatchStrategy workerPool = new WorkerPoolDispatch();
  private final DispatchStrategy workerVerticle = new WorkerVerticleDispatch();
  private final DispatchStrategy virtualThreads;
  private final DispatchStrategy cluster;

  private Strategies(Vertx vertx, DispatchStrategy virtualThreads, DispatchStrategy cluster) {
    this.orderedBlocking = new ExecuteBlockingDispatch(vertx, true);
    this.unorderedBlocking = new ExecuteBlockingDispatch(vertx, false);
    this.virtualThreads = virtualThreads;
    this.cluster = cluster;
  }

  /**
   * Registers the event-bus codecs worker verticles use and, on Java 21+, deploys the virtual-thread carrier.
   *
   * @param cluster what sends work to other nodes, or null on a node that is not in a cluster
   */
  public static Future<Strategies> create(Vertx vertx, DispatchStrategy cluster) {
    vertx.eventBus().registerDefaultCodec(WorkRequest.class, new LocalCodec<>(WorkRequest.class));
    vertx.eventBus().registerDefaultCodec(WorkResult.class, new LocalCodec<>(WorkResult.class));
    if (Runtime.version().feature() < 21) {
      return Future.succeededFuture(new Strategies(vertx, null, cluster));
    }
    VirtualThreadCarrier carrier = new VirtualThreadCarrier();
    return vertx.deployVerticle(carrier, new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD))
        .map(id -> new Strategies(vertx, new VirtualThreadDispatch(carrier.virtualThreadContext()), cluster));
  }

  /** True when this JVM runs virtual threads (Java 21+). */
  public boolean virtualThreads() {
    return virtualThreads != null;
  }

  /** The strategy a validated route names. */
  public DispatchStrategy forRoute(RouteSettings route) {
    switch (route.strategy()) {
      case EVENT_LOOP:
        return eventLoop;
      case EXECUTE_BLOCKING:
        return route.ordered() ? orderedBlocking : unorderedBlocking;
      case WORKER_POOL:
        return workerPool;
      case WORKER_VERTICLE:
        return workerVerticle;
      case VIRTUAL_THREAD:
        if (virtualThreads == null) {
          // Config validation refuses such routes below Java 21, so reaching this is a bug in offload.
          throw new IllegalStateException("no virtual threads on this JVM for " + route);
        }
        return virtualThreads;
      case CLUSTER:
        if (cluster == null) {
          // Config validation refuses cluster routes without a cluster section: reaching this is a bug in offload.
          throw new IllegalStateException("this node is in no cluster, for " + route);
        }
        return cluster;
      default:
        throw new IllegalStateException("unhandled strategy " + route.strategy());
    }
  }

  /** The label of the pool whose admission a route's work goes through. */
  public static String poolOf(RouteSettings route) {
    switch (route.strategy()) {
      case EVENT_LOOP:
        return EVENT_LOOP_POOL;
      case EXECUTE_BLOCKING:
        return DEFAULT_POOL;
      case VIRTUAL_THREAD:
        return VIRTUAL_POOL;
      case CLUSTER:
        return ConfigParser.clusterPoolLabel(route.pool());
      default:
        return route.pool();
    }
  }
}
