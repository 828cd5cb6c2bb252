package dev.offload.admin;

import dev.offload.config.AppliedConfig;
import dev.offload.config.ConfigException;
import dev.offload.config.ConfigParser;
import dev.offload.config.OffloadConfig;
import dev.offload.service.Lifecycle;
import dev.offload.service.ServiceStates;
import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Applies a whole new config to the running service, one change at a time: validates it as a config file would be,
 * refuses what needs a restart (or any change while the service drains), then has {@link ServiceStates} bring the
 * pools to it and swap the new service state in, so new requests take the new routes at once while queued and
 * running ones finish where they are. Every change is logged with what changed and where it came from.
 */
public final class ConfigApplier {
  private static final Logger LOG = Logger.getLogger(ConfigApplier.class.getName());

  private final Workloads workloads;
  private final ServiceStates states;
  private final Lifecycle lifecycle;
  private Future<AppliedConfig> last = Future.succeededFuture();

  public ConfigApplier(Workloads workloads, ServiceStates states, Lifecycle lifecycle) {
    this.workloads = workloads;
    this.states = states;
    this.lifecycle = lifecycle;
  }

  /**
   * Applies {@code json} after every change asked before it; fails with a {@link ConfigChangeException} and changes
   * nothing when the config is invalid or needs a restart. Called on a Vert.x context, it completes there.
   *
   * @param changedBy where the change comes from, for the log and {@code /stats}
   */
  public synchronized Future<AppliedConfig> apply(JsonObject json, String changedBy) {
    last = last.transform(previous -> applyNow(json, changedBy));
    // A change that waited for the one before it is applied, and completes, on the thread that ended that one
    // (starting a pool's threads ends on the context that started them: another instance's event loop, say). The
    // caller hears back on its own context, where an admin request's answer must be written.
    ContextInternal caller = (ContextInternal) Vertx.currentContext();
    if (caller == null) {
      return last;
    }
    Promise<AppliedConfig> done = caller.promise();
    last.onComplete(done);
    return done.future();
  }

  /** Completes once the change under way, if any, has been applied or refused. */
  public synchronized Future<Void> idle() {
    return last.<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<AppliedConfig> applyNow(JsonObject incoming, String changedBy) {
    AppliedConfig before = states.current().get().applied();
    JsonObject json = Secrets.restored(incoming, before.config().source());
    OffloadConfig next;
    try {
      try {
        next = new ConfigParser(workloads).parse(json);
      } catch (ConfigException e) {
        throw ConfigChangeException.invalid(e.key(), e.getMessage());
      }
      requireNoRestart(before.config(), next);
      if (lifecycle.draining()) {
        // A drain closes the pools it knows of; a pool added now would never be closed, and the stop is near.
        throw ConfigChangeException.draining();
      }
    } catch (ConfigChangeException e) {
      LOG.warning("config change from " + changedBy + " refused: " + e.getMessage()
          + "; the running config (version " + before.version() + ") stays");
      return Future.failedFuture(e);
    }
    List<String> changes = ConfigDiff.describe(before.config().source(), next.source());
    return states.change(next, changedBy).map(applied -> {
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
    check("http.idleTimeoutSeconds", before.http().idleTimeoutSeconds(), next.http().idleTimeoutSeconds());
    check("http.requestHeaderTimeoutMs", before.http().requestHeaderTimeoutMs(), next.http().requestHeaderTimeoutMs());
    check("http.maxConnections", before.http().maxConnections(), next.http().maxConnections());
    check("http.maxHeaderBytes", before.http().maxHeaderBytes(), next.http().maxHeaderBytes());
    check("http.maxInitialLineBytes", before.http().maxInitialLineBytes(), next.http().maxInitialLineBytes());
    check("http.tls", before.http().tls(), next.http().tls());
    check("vertx.eventLoopPoolSize", before.vertx().eventLoopPoolSize(), next.vertx().eventLoopPoolSize());
    check("vertx.workerPoolSize", before.vertx().workerPoolSize(), next.vertx().workerPoolSize());
    check("vertx.maxEventLoopExecuteMs", before.vertx().maxEventLoopExecuteMs(), next.vertx().maxEventLoopExecuteMs());
    check("metrics.lagProbeIntervalMs", before.metrics().lagProbeIntervalMs(), next.metrics().lagProbeIntervalMs());
    check("admin", before.admin(), next.admin());
    check("cluster", before.cluster(), next.cluster());
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
