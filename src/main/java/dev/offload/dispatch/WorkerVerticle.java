package dev.offload.dispatch;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

/**
 * A worker verticle ({@code ThreadingModel.WORKER}) that runs the work it receives on the event bus, at an
 * address of its own ({@code <pool address>.<index>}).
 *
 * <p>Vert.x never runs one worker-verticle instance on two threads at once, so a pool's concurrency is its number
 * of instances. Each instance has its own address because the event bus hands messages for a shared address
 * round-robin, busy or not: a request could wait behind a long one while another instance sat idle.
 */
final class WorkerVerticle extends VerticleBase {
  private final String address;

  WorkerVerticle(String address) {
    this.address = address;
  }

  static String instanceAddress(String poolAddress, int index) {
    return poolAddress + "." + index;
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
