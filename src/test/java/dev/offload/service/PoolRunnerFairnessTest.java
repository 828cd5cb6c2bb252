package dev.offload.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.offload.config.ConfigParser;
import dev.offload.dispatch.ManualClock;
import dev.offload.dispatch.TestContexts;
import dev.offload.metrics.OffloadMeters;
import dev.offload.workload.Params;
import dev.offload.workload.Workloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pool thread that frees a permit runs the queued request it goes to only while nothing else waits for the pool's
 * threads: a blocking call that holds no permit (Vert.x's own, on the default pool) is not starved by a chain of
 * queued requests.
 */
class PoolRunnerFairnessTest {
  private static final Params NO_PARAMS = new Params(Map.of());

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(1));
  private final Context context = vertx.getOrCreateContext();
  private final OffloaderTest.HeldWork held = new OffloaderTest.HeldWork();
  private ServiceStates states;

  @AfterEach
  void close() throws Exception {
    OffloaderTest.release(held, states, vertx);
  }

  @Test
  void aBlockingCallWithoutPermitGoesBeforeTheNextQueuedRequest() throws Exception {
    Workloads workloads = Workloads.of(held);
    // Unordered execute-blocking on Vert.x's default pool of one thread: one permit, the rest queue.
    JsonObject json = new JsonObject()
        .put("vertx", new JsonObject().put("workerPoolSize", 1))
        .put("routes", new JsonObject().put("held", new JsonObject().put("strategy", "execute-blocking")));
    states = ServiceStates.start(vertx, new ConfigParser(workloads).parse(json), "test", workloads,
        new OffloadMeters(new SimpleMeterRegistry()), new ManualClock())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Offloader offloader = new Offloader(states.current());
    RouteTable.Route route = states.current().get().routes().find("held").orElseThrow();
    Submission running = TestContexts.on(context, () -> offloader.submit(route, NO_PARAMS, Long.MAX_VALUE));
    String thread = held.nextStart();
    Submission queued = TestContexts.on(context, () -> offloader.submit(route, NO_PARAMS, Long.MAX_VALUE));
    // A call of Vert.x's own kind: it waits in the pool's queue for the one thread.
    Future<String> other = TestContexts.on(context, () -> vertx.executeBlocking(() -> "ran", false));
    held.finish(thread);
    assertInstanceOf(Outcome.Done.class, running.outcome().toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS));
    // Before the queued request, which stays held once it starts: with the call behind it, this would wait.
    assertEquals("ran", other.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals(thread, held.nextStart(), "then the queued request runs");
    assertFalse(queued.outcome().isComplete());
    held.finish(thread);
    assertInstanceOf(Outcome.Done.class, queued.outcome().toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS));
  }
}
