package dev.offload.dispatch;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

/**
 * A worker verticle ({@code ThreadingModel.WORKER}) that runs the work it receives on the event bus.
 *
 * <p>Vert.x never runs one worker-verticle instance on two threads at once, so a pool's concurrency is its number
 * of instances; the event bus hands requests round-robin to the instances.
 */
final class WorkerVerticle extends VerticleBase {
  private final String address;

  WorkerVerticle(String address) {
    this.address = address;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<WorkRequest>localConsumer(address, this::run).completion();
  }

  private void run(Message<WorkRequest> message) {
    WorkResult result;
    try {
      result = new WorkResult(message.body().work().call(), null);
    } catch (Throwable t) {
      result = new WorkResult(null, t);
    }
    message.reply(result);
  }
}
