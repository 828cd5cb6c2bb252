package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Sends the work as an event-bus request to the worker-verticle instances of a pool, which run it one each. */
final class WorkerVerticleDispatch extends LabelledDispatch {
  // Long enough for any permitted work; a lost reply would be a bug, and admission control bounds the queue wait.
  private static final long REPLY_TIMEOUT_MS = TimeUnit.HOURS.toMillis(24);

  private final EventBus eventBus;
  private final String address;
  private final DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(true).setSendTimeout(REPLY_TIMEOUT_MS);

  WorkerVerticleDispatch(EventBus eventBus, String address, String pool) {
    super(Strategy.WORKER_VERTICLE, pool);
    this.eventBus = eventBus;
    this.address = address;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Future<T> submit(Callable<T> work) {
    return eventBus.<WorkResult>request(address, new WorkRequest(work), delivery)
        .compose(reply -> (Future<T>) reply.body().toFuture());
  }
}
