package dev.offload.dispatch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Sends the work as an event-bus request to an idle worker-verticle instance of one pool generation, which runs it.
 *
 * <p>Admission lets at most the pool's size run at once, but a permit comes back the moment the work returns,
 * a little before its instance has sent the reply and is idle again; work that finds no idle instance waits here
 * for that moment. The idle list is what keeps two requests off one instance while another waits (the event bus
 * alone would alternate between instances, busy or not).
 */
final class IdleWorkerVerticles {
  // Long enough for any permitted work; a lost reply would be a bug, and admission control bounds the queue wait.
  private static final long REPLY_TIMEOUT_MS = TimeUnit.HOURS.toMillis(24);

  private final EventBus eventBus;
  private final String address;
  private final DeliveryOptions delivery = new DeliveryOptions().setLocalOnly(true).setSendTimeout(REPLY_TIMEOUT_MS);
  private final Queue<String> idle = new ArrayDeque<>();
  private final Queue<Job<?>> waiting = new ArrayDeque<>();

  /** @param address the pool's base address; instance i listens at {@code address.i} for i in 0..instances-1 */
  IdleWorkerVerticles(EventBus eventBus, String address, int instances) {
    this.eventBus = eventBus;
    this.address = address;
    for (int i = 0; i < instances; i++) {
      idle.add(WorkerVerticle.instanceAddress(address, i));
    }
  }

  /** Work on its way to an instance, and where its result must be delivered. */
  private record Job<T>(Callable<T> work, Context caller, Promise<T> result) {
  }

  /** The base address; instance i listens at {@code address.i}. */
  String address() {
    return address;
  }

  <T> Future<T> submit(Callable<T> work) {
    Job<T> job = new Job<>(work, Vertx.currentContext(), Promise.promise());
    String instance;
    synchronized (this) {
      instance = idle.poll();
      if (instance == null) {
        waiting.add(job);
      }
    }
    if (instance != null) {
      send(instance, job);
    }
    return job.result().future();
  }

  @SuppressWarnings("unchecked")
  private <T> void send(String instance, Job<T> job) {
    eventBus.<WorkResult>request(instance, new WorkRequest(job.work()), delivery).onComplete(reply -> {
      nextFor(instance);
      Future<T> outcome = reply.succeeded() ? (Future<T>) reply.result().body().toFuture()
          : Future.failedFuture(reply.cause());
      // Answer on the context that submitted, as every strategy does.
      job.caller().runOnContext(v -> outcome.onComplete(job.result()));
    });
  }

  /** The instance is idle again: it takes the oldest waiting job, or goes back on the idle list. */
  private void nextFor(String instance) {
    Job<?> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        idle.add(instance);
      }
    }
    if (next != null) {
      send(instance, next);
    }
  }
}
