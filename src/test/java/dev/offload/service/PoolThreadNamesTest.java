package dev.offload.service;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.config.ConfigParser;
import dev.offload.dispatch.ManualClock;
import dev.offload.dispatch.TestContexts;
import dev.offload.metrics.OffloadMeters;
import dev.offload.workload.ParamSpec;
import dev.offload.workload.Params;
import dev.offload.workload.Workload;
import dev.offload.workload.Workloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A resized pool's new threads are its own, whatever the other pools are called: Vert.x shares worker pools by name,
 * and pool "p" resized once must not be handed the threads of a pool named "p-g2".
 */
class PoolThreadNamesTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final CountDownLatch release = new CountDownLatch(1);
  private final BlockingQueue<String> started = new LinkedBlockingQueue<>();

  final class Held implements Workload {
    private final String name;

    Held(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<ParamSpec> params() {
      return List.of();
    }

    @Override
    public Object run(Params params) throws Exception {
      started.add(name + " on " + Thread.currentThread().getName());
      release.await(30, TimeUnit.SECONDS);
      return "done";
    }
  }

  @AfterEach
  void close() throws Exception {
    release.countDown();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aResizedPoolNeverSharesThreadsWithAPoolNamedLikeItsNextGeneration() throws Exception {
    Workloads workloads = Workloads.of(new Held("a"), new Held("b"));
    JsonObject json = new JsonObject()
        .put("pools", new JsonObject()
            .put("p", new JsonObject().put("size", 1))
            .put("p-g2", new JsonObject().put("size", 2)))
        .put("routes", new JsonObject()
            .put("a", new JsonObject().put("strategy", "worker-pool").put("pool", "p"))
            .put("b", new JsonObject().put("strategy", "worker-pool").put("pool", "p-g2")));
    ServiceStates states = ServiceStates.start(vertx, new ConfigParser(workloads).parse(json), "test", workloads,
        new OffloadMeters(new SimpleMeterRegistry()), new ManualClock()).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    json.getJsonObject("pools").getJsonObject("p").put("size", 2);
    states.change(new ConfigParser(workloads).parse(json), "resize p").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    Offloader offloader = new Offloader(states.current());
    RouteTable.Route b = states.current().get().routes().find("b").orElseThrow();
    RouteTable.Route a = states.current().get().routes().find("a").orElseThrow();
    Params none = new Params(Map.of());
    // Pool p-g2's two permits, on its two threads.
    TestContexts.on(context, () -> offloader.submit(b, none, Long.MAX_VALUE));
    TestContexts.on(context, () -> offloader.submit(b, none, Long.MAX_VALUE));
    for (int i = 0; i < 2; i++) {
      String bStart = started.poll(5, TimeUnit.SECONDS);
      assertNotNull(bStart);
      assertTrue(bStart.startsWith("b on offload-p-g2-"), bStart);
    }
    // Pool p (now 2 threads, nothing running) grants at once, and its work must start at once on its own threads,
    // not wait in Vert.x's unbounded queue behind the other pool's.
    TestContexts.on(context, () -> offloader.submit(a, none, Long.MAX_VALUE));
    String aStart = started.poll(5, TimeUnit.SECONDS);
    assertNotNull(aStart, "pool p's granted work never started");
    assertTrue(aStart.startsWith("a on offload-p.g2-"), aStart);
  }
}
