package dev.offload;

import dev.offload.config.OffloadConfig;
import dev.offload.workload.Workload;
import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Opens every workload before the service listens and closes the opened ones when it stops, off the event loop. */
final class WorkloadLifecycle {
  private static final Logger LOG = Logger.getLogger(WorkloadLifecycle.class.getName());

  private final Vertx vertx;
  private final Workloads workloads;
  private final OffloadConfig config;
  private final List<Workload> opened = new ArrayList<>();

  WorkloadLifecycle(Vertx vertx, Workloads workloads, OffloadConfig config) {
    this.vertx = vertx;
    this.workloads = workloads;
    this.config = config;
  }

  /** Fails with the first workload that cannot open, named; the ones opened before it stay to be closed. */
  Future<Void> open() {
    return vertx.executeBlocking(() -> {
      for (Workload w : workloads.all()) {
        try {
          w.open(config.workloadSettings().getOrDefault(w.name(), Map.of()));
        } catch (Exception e) {
          throw new IllegalStateException("workload " + w.name() + " cannot start: " + e.getMessage(), e);
        }
        synchronized (opened) {
          opened.add(w);
        }
      }
      return null;
    }, false);
  }

  /** Closes what was opened, on the calling thread; a failure to close is logged, never thrown, so the rest close. */
  void closeAll() {
    List<Workload> toClose;
    synchronized (opened) {
      toClose = new ArrayList<>(opened);
      opened.clear();
    }
    for (Workload w : toClose) {
      try {
        w.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "workload " + w.name() + " did not close cleanly", e);
      }
    }
  }
}
