package dev.offload.dispatch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real clock's queue-deadline timers fire on the context they were set for, and a cancelled one never fires. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class AdmissionClockTest {

  @Test
  void aTimerFiresOnItsOwnContextEventLoopOrWorker(Vertx vertx, VertxTestContext ctx) {
    Checkpoint fired = ctx.checkpoint(2);
    // A request's context: a duplicate of an event-loop context, as an HTTP instance hands out.
    Context request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    Context worker = ((ContextInternal) vertx.getOrCreateContext()).owner().createWorkerContext();
    for (Context context : new Context[] {request, worker}) {
      context.runOnContext(v -> AdmissionClock.SYSTEM.schedule(context, 20, () -> ctx.verify(() -> {
        assertSame(context, Vertx.currentContext());
        assertTrue(context.isEventLoopContext() ? Context.isOnEventLoopThread() : Context.isOnWorkerThread(),
            Thread.currentThread().getName());
        fired.flag();
      })));
    }
  }

  @Test
  void aCancelledTimerNeverFires(Vertx vertx, VertxTestContext ctx) {
    Context request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    AtomicBoolean cancelledOneFired = new AtomicBoolean();
    request.runOnContext(v -> {
      AdmissionClock.Timer cancelled = AdmissionClock.SYSTEM.schedule(request, 20, () -> cancelledOneFired.set(true));
      cancelled.cancel();
      // A later timer on the same loop has fired by the time the cancelled one would have: it is the witness.
      AdmissionClock.SYSTEM.schedule(request, 200, () -> ctx.verify(() -> {
        assertFalse(cancelledOneFired.get(), "a cancelled timer fired");
        ctx.completeNow();
      }));
    });
  }
}
