package dev.offload.admin;

import dev.offload.config.AppliedConfig;
import dev.offload.config.ConfigException;
import dev.offload.config.ConfigParser;
import dev.offload.config.CurrentConfig;
import dev.offload.config.OffloadConfig;
import dev.offload.dispatch.Admission;
import dev.offload.dispatch.CurrentRoutes;
import dev.offload.dispatch.Dispatchers;
import dev.offload.dispatch.RouteTable;
import dev.offload.metrics.OffloadMeters;
import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Applies a whole new config to the running service, one change at a time: validates it as a config file would be,
 * refuses what needs a restart, brings the pools to it, then swaps the route table, so new requests take the new
 * routes at once while queued and running ones finish where they are. Every change is logged with what changed and
 * where it came from.
 */
public final class ConfigApplier {
  private static final Logger LOG = Logger.getLogger(ConfigApplier.class.getName());

  private final Workloads workloads;
  private final CurrentConfig current;
  private final CurrentRoutes routes;
  private final Dispatchers dispatchers;
  private final OffloadMeters meters;
  private Future<AppliedConfig> last = Future.succeededFuture();

  public ConfigApplier(Workloads workloads, CurrentConfig current, CurrentRoutes routes, Dispatchers dispatchers,
      OffloadMeters meters) {
    this.workloads = workloads;
    this.current = current;
    this.routes = routes;
    this.dispatchers = dispatchers;
    this.meters = meters;
  }

  /**
   * Applies {@code json} after every change asked before it; fails with a {@link ConfigChangeException} and changes
   * nothing when the config is invalid or needs a restart.
   *
   * @param changedBy where the change comes from, for the log and {@code /stats}
   */
  public synchronized Future<AppliedConfig> apply(JsonObject json, String changedBy) {
    last = last.transform(previous -> applyNow(json, changedBy));
    return last;
  }

  private Future<AppliedConfig> applyNow(JsonObject incoming, String changedBy) {
    AppliedConfig before = current.get();
    JsonObject json = Secrets.restored(incoming, before.config().source());
    OffloadConfig next;
    try {
      try {
        next = new ConfigParser(workloads).parse(json);
      } catch (ConfigException e) {
        throw ConfigChangeException.invalid(e.key(), e.getMessage());
      }
      requireNoRestart(before.config(), next);
    } catch (ConfigChangeException e) {
      LOG.warning("config change from " + changedBy + " refused: " + e.getMessage()
          + "; the running config (version " + before.version() + ") stays");
      return Future.failedFuture(e);
    }
    List<String> changes = ConfigDiff.describe(before.config().source(), next.source());
    List<String> poolsBefore = new ArrayList<>(dispatchers.admissions().keySet());
    return dispatchers.reconfigure(next).map(done -> {
      for (Admission a : dispatchers.admissions().values()) {
        if (!poolsBefore.contains(a.pool())) {
          meters.registerPool(a);
        }
      }
      // The table last: by now every pool it names exists, so no request can meet a missing one.
      routes.set(RouteTable.build(next, workloads, dispatchers));
      AppliedConfig applied = current.advance(next, changedBy);
      LOG.info("config version " + applied.version() + " applied from " + changedBy + ": "
          + (changes.isEmpty() ? "no change" : String.join("; ", changes)));
      return applied;
    });
  }

  /** Listener, Vert.x and workload settings are fixed for the life of the process. */
  private static void requireNoRestart(OffloadConfig before, OffloadConfig next) {
    check("http.host", before.http().host(), next.http().host());
    check("http.port", before.http().port(), next.http().port());
    check("http.instances", before.http().instances(), next.http().instances());
    check("http.maxBodyBytes", before.http().maxBodyBytes(), next.http().maxBodyBytes());
    check("vertx.eventLoopPoolSize", before.vertx().eventLoopPoolSize(), next.vertx().eventLoopPoolSize());
    check("vertx.workerPoolSize", before.vertx().workerPoolSize(), next.vertx().workerPoolSize());
    check("vertx.maxEventLoopExecuteMs", before.vertx().maxEventLoopExecuteMs(), next.vertx().maxEventLoopExecuteMs());
    check("metrics.lagProbeIntervalMs", before.metrics().lagProbeIntervalMs(), next.metrics().lagProbeIntervalMs());
    check("admin", before.admin(), next.admin());
    for (String name : before.workloadSettings().keySet()) {
      check("workloads." + name, before.workloadSettings().get(name), next.workloadSettings().get(name));
    }
  }

  private static void check(String key, Object running, Object asked) {
    if (!Objects.equals(running, asked)) {
      throw ConfigChangeException.needsRestart(key, key + " cannot change at runtime (running " + running
          + ", asked " + asked + "): restart the service with the new config");
    }
  }
}
