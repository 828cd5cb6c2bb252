package dev.offload.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.offload.dispatch.TestContexts.assertAddsUp;

import dev.offload.config.ConfigParser;
import dev.offload.config.OffloadConfig;
import dev.offload.dispatch.Admission;
import dev.offload.dispatch.ManualClock;
import dev.offload.dispatch.PoolGeneration;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once rules without a socket: every way a submission can end, each counted once, on a clock the test
 * moves by hand; and config changes under held work (a resize, a strategy switch, a removed pool) that never
 * interrupt running work, never lose queued work and never close threads under a task.
 */
class OffloaderTest {
  private static final Params NO_PARAMS = new Params(Map.of());

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final ManualClock clock = new ManualClock();
  private final HeldWork held = new HeldWork();
  private final Workloads workloads = Workloads.of(held);
  private ServiceStates states;
  private Offloader offloader;

  @AfterEach
  void close() throws Exception {
    release(held, states, vertx);
  }

  /** Lets held work end, waits until the pools let go of their threads (null: none started), then closes Vert.x. */
  static void release(HeldWork held, ServiceStates states, Vertx vertx) throws Exception {
    held.open();
    if (states != null) {
      states.threadsReleased().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * Work that starts, says on which thread, and ends only when the test lets that thread's task end (a thread runs
   * one task at a time, so its name names the task); interrupted, it fails.
   */
  static final class HeldWork implements Workload {
    final BlockingQueue<String> startedOn = new LinkedBlockingQueue<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private volatile boolean open;

    @Override
    public String name() {
      return "held";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of();
    }

    @Override
    public Object run(Params params) throws InterruptedException {
      String thread = Thread.currentThread().getName();
      CountDownLatch latch = new CountDownLatch(1);
      held.put(thread, latch);
      startedOn.add(thread);
      try {
        if (!open && !latch.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never let the work finish");
        }
        return "done";
      } finally {
        held.remove(thread, latch);
      }
    }

    /** Lets the task on {@code thread} end (waiting until one runs there). */
    void finish(String thread) throws Exception {
      awaitTrue(() -> held.containsKey(thread), "a task runs on " + thread);
      held.get(thread).countDown();
    }

    /** Lets every task end, now and from now on. */
    void open() {
      open = true;
      held.values().forEach(CountDownLatch::countDown);
    }

    /** The thread the next run started on, waiting for it. */
    String nextStart() throws InterruptedException {
      String thread = startedOn.poll(10, TimeUnit.SECONDS);
      assertNotNull(thread, "the work started");
      return thread;
    }
  }

  /** Pool p (1 thread, 2 queued, 1 s deadline) and pool io (2 threads); held runs on p through worker-pool. */
  private static JsonObject config() {
    return new JsonObject()
        .put("pools", new JsonObject()
            .put("p", new JsonObject().put("size", 1).put("maxQueue", 2).put("maxQueueWaitMs", 1000))
            .put("io", new JsonObject().put("size", 2)))
        .put("routes", new JsonObject().put("held", new JsonObject().put("strategy", "worker-pool").put("pool", "p")));
  }

  private void start(JsonObject json) throws Exception {
    OffloadConfig config = new ConfigParser(workloads).parse(json);
    states = ServiceStates.start(vertx, config, "test", workloads, new OffloadMeters(new SimpleMeterRegistry()), clock)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    offloader = new Offloader(states.current());
  }

  private void change(JsonObject json) throws Exception {
    states.change(new ConfigParser(workloads).parse(json), "test").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private RouteTable.Route route() {
    return states.current().get().routes().find("held").orElseThrow();
  }

  private Submission submit(RouteTable.Route route) throws Exception {
    return on(() -> offloader.submit(route, NO_PARAMS, Long.MAX_VALUE));
  }

  private Submission submit() throws Exception {
    return submit(route());
  }

  private static Outcome outcome(Submission s) throws Exception {
    return s.outcome().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static boolean ended(Submission s) {
    return s.outcome().isComplete();
  }

  private Admission.Snapshot pool(String label) {
    return states.current().get().listedPools().get(label).snapshot();
  }

  private <T> T on(Callable<T> action) throws Exception {
    return TestContexts.on(context, action);
  }

  /** Waits until the context has run everything queued on it before this call (grants are sent through it). */
  private void settle() throws Exception {
    on(() -> null);
  }

  @Test
  void grantQueueAndRefusalEachEndOnce() throws Exception {
    start(config());
    Submission running = submit();
    Submission queued1 = submit();
    Submission queued2 = submit();
    Submission refused = submit();
    assertEquals("offload-p-0", held.nextStart());
    Outcome.Overloaded full = assertInstanceOf(Outcome.Overloaded.class, outcome(refused));
    assertEquals("p", full.pool());
    assertEquals(2, full.queued());
    assertEquals(2, full.maxQueue());
    assertTrue(full.retryAfterSeconds() >= 1);
    assertEquals(3, offloader.inFlight(), "the refused one is not in flight");
    held.open();
    for (Submission s : List.of(running, queued1, queued2)) {
      Outcome.Done done = assertInstanceOf(Outcome.Done.class, outcome(s));
      assertEquals("done", done.value());
      assertEquals("offload-p-0", done.run().threadName());
    }
    assertEquals(0, offloader.inFlight());
    Admission.Snapshot p = pool("p");
    assertEquals(3, p.admitted());
    assertEquals(1, p.rejected());
    assertEquals(3, p.completed());
    assertAddsUp(p);
  }

  @Test
  void aFreedPermitStartsTheQueuedWorkOnThePoolThreadWithoutItsEventLoop() throws Exception {
    start(config());
    Submission running = submit();
    assertEquals("offload-p-0", held.nextStart());
    Submission queued = submit();
    // The request's event loop is busy: the queued work can start only where the permit was freed.
    CountDownLatch loopFree = new CountDownLatch(1);
    context.runOnContext(v -> {
      try {
        loopFree.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    held.finish("offload-p-0");
    try {
      assertEquals("offload-p-0", held.nextStart(), "the thread that freed the permit runs the queued work");
      assertFalse(ended(running), "its answer waits for the event loop");
    } finally {
      loopFree.countDown();
    }
    assertInstanceOf(Outcome.Done.class, outcome(running));
    held.finish("offload-p-0");
    Outcome.Done done = assertInstanceOf(Outcome.Done.class, outcome(queued));
    assertEquals("offload-p-0", done.run().threadName());
    assertEquals("event-loop", done.run().context(), "run under the request's own context, as executeBlocking does");
    Admission.Snapshot p = pool("p");
    assertEquals(2, p.completed());
    assertAddsUp(p);
    assertEquals(0, clock.pending(), "the queued ticket's deadline timer went with its answer");
  }

  @Test
  void queuedWorkExpiresExactlyAtItsDeadlineAndNeverRuns() throws Exception {
    start(config());
    Submission running = submit();
    held.nextStart();
    Submission queued = submit();
    Submission ownDeadline = on(() -> offloader.submit(route(), NO_PARAMS, 300));
    clock.advance(299);
    settle();
    assertFalse(ended(ownDeadline), "299 ms is before its own 300 ms deadline");
    clock.advance(1);
    Outcome.Expired early = assertInstanceOf(Outcome.Expired.class, outcome(ownDeadline));
    assertEquals(300.0, early.waitedMs(), "waited exactly its own deadline");
    clock.advance(699);
    settle();
    assertFalse(ended(queued), "999 ms is before the pool's 1000 ms deadline");
    clock.advance(1);
    Outcome.Expired late = assertInstanceOf(Outcome.Expired.class, outcome(queued));
    assertEquals(1000.0, late.waitedMs());
    assertEquals("p", late.pool());
    held.finish("offload-p-0");
    assertInstanceOf(Outcome.Done.class, outcome(running));
    assertNullWithin(held.startedOn, "expired work never ran");
    Admission.Snapshot p = pool("p");
    assertEquals(2, p.expired());
    assertEquals(1, p.completed());
    assertAddsUp(p);
    assertEquals(0, clock.pending(), "no timer left behind");
  }

  @Test
  void aCallerThatLeavesCancelsQueuedWorkAndLeavesRunningWorkToFinish() throws Exception {
    start(config());
    Submission running = submit();
    held.nextStart();
    Submission queued = submit();
    on(() -> {
      queued.cancel();
      running.cancel();
      return null;
    });
    assertEquals(new Outcome.Cancelled(false), outcome(queued), "its work never runs");
    assertEquals(new Outcome.Cancelled(true), outcome(running), "its work runs on, unheard");
    assertEquals(0, clock.pending(), "the cancelled ticket's deadline timer is gone");
    held.finish("offload-p-0");
    awaitPool("p", s -> s.running() == 0);
    assertNullWithin(held.startedOn, "the cancelled queued work never ran");
    Admission.Snapshot p = pool("p");
    assertEquals(1, p.cancelled());
    assertEquals(1, p.completed(), "the running work finished though its caller left");
    assertAddsUp(p);
  }

  @Test
  void drainAnswersQueuedAndRunningWorkAndNeverInterruptsIt() throws Exception {
    start(config());
    Submission running = submit();
    held.nextStart();
    Submission queued = submit();
    states.current().get().allAdmissions().forEach(Admission::drain);
    assertEquals(new Outcome.Drained("p"), outcome(queued));
    assertInstanceOf(Outcome.Drained.class, outcome(submit()), "new work is refused as draining");
    offloader.drainAll();
    assertEquals(new Outcome.Drained("p"), outcome(running), "the deadline answers running work too");
    assertEquals(0, offloader.inFlight());
    assertEquals(1, pool("p").running(), "but its work still runs");
    held.finish("offload-p-0");
    awaitPool("p", s -> s.running() == 0);
    Admission.Snapshot p = pool("p");
    assertEquals(1, p.completed(), "it ended normally, not interrupted");
    assertEquals(1, p.drained());
    assertEquals(1, p.rejected());
    assertAddsUp(p);
  }

  @Test
  void aResizeRunsQueuedWorkOnTheNewThreadsAndClosesTheOldOnesOnlyAfterTheirLastTask() throws Exception {
    start(config());
    PoolGeneration first = route().admission().generation();
    Submission running = submit();
    assertEquals("offload-p-0", held.nextStart(), "worker-pool tasks of the first generation");
    Submission queued = submit();
    change(config().put("pools", config().getJsonObject("pools")
        .put("p", new JsonObject().put("size", 2).put("maxQueue", 2).put("maxQueueWaitMs", 1000))));
    String newThread = held.nextStart();
    assertTrue(newThread.startsWith("offload-p.g2-"), "the higher limit starts queued work on the new threads");
    assertNotEquals(first, route().admission().generation());
    assertFalse(first.closed(), "the old threads still run a task");
    held.finish("offload-p-0");
    Outcome.Done done = assertInstanceOf(Outcome.Done.class, outcome(running), "the running task was not interrupted");
    assertEquals("offload-p-0", done.run().threadName());
    awaitTrue(first::closed, "the old generation closed after its last task");
    held.finish(newThread);
    assertEquals(newThread, assertInstanceOf(Outcome.Done.class, outcome(queued)).run().threadName());
    assertAddsUp(pool("p"));
    assertEquals(2, pool("p").completed(), "one pool, one set of counters across generations");
  }

  @Test
  void workerVerticlesKeepTheirTaskAcrossAResizeToo() throws Exception {
    JsonObject verticles = config();
    verticles.getJsonObject("routes").put("held", new JsonObject().put("strategy", "worker-verticle").put("pool", "p"));
    start(verticles);
    PoolGeneration first = route().admission().generation();
    Submission running = submit();
    assertEquals("offload-p-0", held.nextStart());
    change(verticles.copy().put("pools", verticles.getJsonObject("pools").copy()
        .put("p", new JsonObject().put("size", 3))));
    Submission next = submit();
    assertTrue(held.nextStart().startsWith("offload-p.g2-"), "new work runs on the new verticles");
    assertFalse(first.closed(), "the old verticle still runs its task");
    held.open();
    assertEquals("worker", assertInstanceOf(Outcome.Done.class, outcome(running)).run().context());
    assertInstanceOf(Outcome.Done.class, outcome(next));
    awaitTrue(first::closed, "the old verticles were undeployed after their last task");
  }

  @Test
  void aRemovedPoolRunsWhatItHoldsThenIsGoneAndLateRequestsFindTheNewRoute() throws Exception {
    start(config());
    RouteTable.Route before = route();
    Submission running = submit();
    held.nextStart();
    Submission queued = submit();
    JsonObject moved = new JsonObject()
        .put("pools", new JsonObject().put("io", new JsonObject().put("size", 2)))
        .put("routes", new JsonObject().put("held", new JsonObject().put("strategy", "worker-pool").put("pool", "io")));
    change(moved);
    assertEquals("io", route().pool());
    assertTrue(states.current().get().listedPools().containsKey("p (removed)"), "listed while it finishes");
    Submission onNewRoute = submit();
    assertTrue(held.nextStart().startsWith("offload-io-"), "new requests take the new route at once");
    // A request that read the old state just before the change still runs on the removed pool, which is not gone.
    Submission straggler = submit(before);
    assertEquals(2, before.admission().snapshot().queued(), "the straggler was admitted by the removed pool");
    held.open();
    assertInstanceOf(Outcome.Done.class, outcome(onNewRoute));
    for (Submission s : List.of(running, queued, straggler)) {
      assertEquals("offload-p-0", assertInstanceOf(Outcome.Done.class, outcome(s)).run().threadName());
    }
    Admission removed = before.admission();
    awaitTrue(removed::gone, "gone once idle");
    PoolGeneration threads = removed.generation();
    awaitTrue(threads::closed, "and its threads closed");
    Admission.Snapshot last = removed.snapshot();
    assertEquals(3, last.completed());
    assertAddsUp(last);
    assertFalse(states.current().get().listedPools().containsKey("p (removed)"), "/stats stops listing it");
    // A request holding the route from before the change meets a gone pool and is taken to the current route.
    Submission late = submit(before);
    Outcome.Done done = assertInstanceOf(Outcome.Done.class, outcome(late));
    assertTrue(done.run().threadName().startsWith("offload-io-"), done.run().threadName());
    assertEquals("io", late.route().pool());
    assertEquals(3, removed.snapshot().admitted(), "the gone pool admitted nothing more");
  }

  @Test
  void aStrategySwitchLeavesQueuedWorkOnItsPoolAndSendsNewWorkToTheNewOne() throws Exception {
    start(config());
    Submission running = submit();
    held.nextStart();
    Submission queued = submit();
    JsonObject switched = config();
    switched.getJsonObject("routes").put("held", new JsonObject().put("strategy", "execute-blocking"));
    change(switched);
    Submission onDefault = submit();
    assertTrue(held.nextStart().startsWith("vert.x-worker-thread-"));
    held.open();
    assertEquals("offload-p-0", assertInstanceOf(Outcome.Done.class, outcome(queued)).run().threadName());
    assertInstanceOf(Outcome.Done.class, outcome(running));
    assertEquals("default", onDefault.route().pool());
    assertInstanceOf(Outcome.Done.class, outcome(onDefault));
    assertEquals(2, pool("p").completed());
    assertEquals(1, pool("default").completed());
  }

  private void awaitPool(String label, java.util.function.Predicate<Admission.Snapshot> until) throws Exception {
    awaitTrue(() -> until.test(pool(label)), "pool " + label + " reached the state");
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("never: " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Nothing more arrives on {@code queue} within a short wait. */
  private static void assertNullWithin(BlockingQueue<String> queue, String message) throws InterruptedException {
    assertNull(queue.poll(100, TimeUnit.MILLISECONDS), message);
  }
}
