package dev.offload.dispatch;

import dev.offload.config.Strategy;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends the work as an event-bus request to an idle worker-verticle instance of the pool, which runs it.
 *
 * <p>Admission lets at most the pool's size run at once, so an idle instance is always there; the idle list is
 * what keeps two requests off one instance while another waits (the event bus alone would alternate blindly).
 */
final class WorkerVerticleDispatch extends LabelledDispatch {
  // Long enough for any permitted work; a lost reply would be a bug, and admission control bounds the queue wait.
  private static final long REPLY_TIMEOUT_MS = TimeUnit.HOURS.toMillis(24);

  private final EventBus eventBus;
  private final String address;
  private final Queue<String> idle = new ConcurrentLinkedQueue<>();
  private final DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(true).setSendTimeout(REPLY_TIMEOUT_MS);

  /** @param address the pool's base address; instance i listens at {@code address.i} for i in 0..instances-1 */
  WorkerVerticleDispatch(EventBus eventBus, String address, String pool, int instances) {
    super(Strategy.WORKER_VERTICLE, pool);
    this.eventBus = eventBus;
    this.address = address;
    for (int i = 0; i < instances; i++) {
      idle.add(WorkerVerticle.instanceAddress(address, i));
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Future<T> submit(Callable<T> work) {
    String instance = idle.poll();
    if (instance == null) {
      // Only if more run than the pool has instances, which admission prevents; fail loudly rather than queue.
      return Future.failedFuture(new IllegalStateException("no idle worker verticle in pool " + pool()
          + " at " + address));
    }
    return eventBus.<WorkResult>request(instance, new WorkRequest(work), delivery)
        .onComplete(done -> idle.add(instance))
        .compose(reply -> (Future<T>) reply.body().toFuture());
  }
}
