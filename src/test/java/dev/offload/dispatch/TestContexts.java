package dev.offload.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Context;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What the admission and offloader unit tests share: running a step on a context, and the counters' sum. */
public final class TestContexts {
  private TestContexts() {
  }

  /** Runs {@code action} on {@code context}, as an HTTP instance would, and returns its value. */
  public static <T> T on(Context context, Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result.get(10, TimeUnit.SECONDS);
  }

  /** admitted = completed + failed + expired + cancelled + drained + running + queued. */
  public static void assertAddsUp(Admission.Snapshot s) {
    assertEquals(s.admitted(), s.completed() + s.failed() + s.expired() + s.cancelled() + s.drained() + s.running()
        + s.queued(), s.toString());
  }
}
