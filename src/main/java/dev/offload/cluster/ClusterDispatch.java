package dev.offload.cluster;

import dev.offload.config.ClusterSettings;
import dev.offload.config.Strategy;
import dev.offload.dispatch.DispatchStrategy;
import dev.offload.dispatch.Ticket;
import dev.offload.service.Outcome;
import dev.offload.service.RemoteWork;
import dev.offload.service.RouteTable;
import dev.offload.workload.Params;
import io.vertx.core.Future;
import java.util.concurrent.Callable;

/** The {@code cluster} strategy: a route's work goes to a node that exports the route's pool ({@link RemoteCall}). */
public final class ClusterDispatch implements DispatchStrategy, RemoteWork {
  private final Wire wire;
  private final ReplyInbox inbox;
  private final ClusterDirectory directory;
  private final ClusterSettings settings;

  ClusterDispatch(Wire wire, ReplyInbox inbox, ClusterDirectory directory, ClusterSettings settings) {
    this.wire = wire;
    this.inbox = inbox;
    this.directory = directory;
    this.settings = settings;
  }

  @Override
  public Strategy kind() {
    return Strategy.CLUSTER;
  }

  /** Cluster work is a request for another node, not a task for local threads: see {@link #send}. */
  @Override
  public <T> Future<T> submit(Callable<T> work, Ticket ticket) {
    return Future.failedFuture(new IllegalStateException("cluster work is sent to a node with send(), not run here"));
  }

  @Override
  public long defaultDeadlineMs() {
    return settings.requestTimeoutMs();
  }

  @Override
  public RemoteWork.Call send(RouteTable.Route route, Params params, long deadlineMs, long submittedNanos) {
    long budgetMs = deadlineMs == Long.MAX_VALUE ? settings.requestTimeoutMs() : deadlineMs;
    return new RemoteCall(wire, inbox, directory, settings.maxAttempts(), settings.connectTimeoutMs(), route, params,
        submittedNanos, submittedNanos + budgetMs * 1_000_000L).start();
  }
}
