package dev.offload.dispatch;

import io.vertx.core.Context;
import io.vertx.core.VerticleBase;

/** An empty {@code ThreadingModel.VIRTUAL_THREAD} verticle: deployed only for its context, whose pool is virtual. */
final class VirtualThreadCarrier extends VerticleBase {

  Context virtualThreadContext() {
    return context;
  }
}
