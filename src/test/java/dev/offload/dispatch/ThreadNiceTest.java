package dev.offload.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.offload.config.PoolSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A pool with {@code nice} runs its work, on either strategy, on threads with that Linux nice value; others don't. */
@ExtendWith(VertxExtension.class)
class ThreadNiceTest {

  @Test
  void workRunsAtThePoolsNiceValue(Vertx vertx, VertxTestContext test) {
    assumeTrue(ThreadNice.whyUnsupported() == null, "pools.<name>.nice " + ThreadNice.whyUnsupported());
    // Strategies registers the event-bus codecs the worker verticles use.
    Strategies.create(vertx, null)
        .compose(strategies -> Future.all(PoolGeneration.start(vertx, new PoolSettings("low", 2, false, 7), 1),
            PoolGeneration.start(vertx, new PoolSettings("plain", 1, false, 0), 1)))
        .compose(started -> {
          PoolGeneration low = started.resultAt(0);
          PoolGeneration plain = started.resultAt(1);
          for (PoolGeneration g : List.of(low, low, low, plain)) {
            g.taskGranted();
          }
          return Future.all(low.execute(ThreadNice::current), low.sendToVerticle(ThreadNice::current),
              low.execute(ThreadNice::current), plain.execute(ThreadNice::current));
        })
        .onComplete(test.succeeding(nice -> test.verify(() -> {
          assertEquals(List.of(7, 7, 7, 0), nice.list(), "nice of the threads that ran each task");
          test.completeNow();
        })));
  }
}
