package dev.offload.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.config.ClusterSettings;
import dev.offload.config.RouteSettings;
import dev.offload.config.Strategy;
import dev.offload.service.Outcome;
import dev.offload.service.RemoteWork;
import dev.offload.service.RouteTable;
import dev.offload.workload.ParamSpec;
import dev.offload.workload.Params;
import dev.offload.workload.Workload;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The front's side of the cluster strategy against fake nodes on a local event bus: which node gets the work, what a
 * refusal, a lost node and a silent node turn into, and how many messages each costs. The wire between JVMs is
 * ClusterTest's.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteCallTest {
  // Silence of 600 ms is a loss; the load interval is 120 ms.
  private static final ClusterSettings SETTINGS = new ClusterSettings("test", "127.0.0.1", "127.0.0.1", 5701, 0,
      List.of(), 600, 5000, 3);

  private Vertx vertx;
  private ReplyInbox inbox;
  private ClusterDirectory directory;
  private ClusterDispatch dispatch;
  private final List<FakeNode> nodes = new ArrayList<>();
  // Nodes this front's writes cannot reach, as a refused TLS handshake or a dead bus port would have it.
  private final Set<String> cutOff = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    Wire bus = Wire.eventBus(vertx);
    Wire wire = (nodeId, message) -> cutOff.contains(nodeId)
        ? Future.failedFuture(new ConnectException("Connection refused: /127.0.0.1:1"))
        : bus.write(nodeId, message);
    inbox = new ReplyInbox(vertx, "front");
    await(inbox.start());
    directory = new ClusterDirectory(vertx, SETTINGS, new SimpleMeterRegistry(),
        new ReachProbe(vertx, wire, inbox, SETTINGS.connectTimeoutMs()), "front");
    await(directory.start());
    dispatch = new ClusterDispatch(wire, inbox, directory, SETTINGS);
  }

  @Test
  void workIsSpreadInProportionToEachNodesLimit() throws Exception {
    FakeNode small = node("small", 2, FakeNode.answerAfter(30));
    FakeNode big = node("big", 8, FakeNode.answerAfter(30));
    awaitKnown(small, big);
    // Ten callers, as many as both limits together, each sending its next request when the last is answered.
    Map<String, Integer> byNode = callers(10, 40);
    assertEquals(400, byNode.values().stream().mapToInt(Integer::intValue).sum(), byNode.toString());
    double smallShare = byNode.getOrDefault("small", 0) / 400.0;
    System.out.println("spread over fake nodes: " + byNode + ", small node's share " + smallShare);
    // Its share of the capacity is 0.2; the pick may miss by a fifth of that.
    assertTrue(smallShare >= 0.16 && smallShare <= 0.24, "small node's share " + smallShare + " " + byNode);
    assertEquals(byNode.get("small"), small.received.get());
    assertEquals(byNode.get("big"), big.received.get());
  }

  @Test
  void everyCallEndsWhileANodeKeepsExportingAndWithdrawingItsPool() throws Exception {
    FakeNode fickle = node("fickle", 4, FakeNode.answerAfter(0));
    FakeNode steady = node("steady", 4, FakeNode.answerAfter(0));
    awaitKnown(fickle, steady);
    fickle.flipExportEveryMs(1);
    // A choice made while a report withdraws the pool must still end in an answer, every time.
    Map<String, Integer> byNode = callers(4, 500);
    assertEquals(2000, byNode.values().stream().mapToInt(Integer::intValue).sum(), byNode.toString());
  }

  @Test
  void workANodeRefusesUnstartedGoesToAnotherAndTheAnswerNamesBothAttempts() throws Exception {
    FakeNode full = node("full", 4, FakeNode.refuse(WorkMessages.OVERLOADED));
    FakeNode free = node("free", 4, FakeNode.answerAfter(0));
    awaitKnown(full, free);
    for (int i = 0; i < 20; i++) {
      Outcome.Done done = assertInstanceOf(Outcome.Done.class, send(idempotent(), Long.MAX_VALUE));
      JsonObject node = ((RemoteRun) done.run()).node();
      assertEquals("free", node.getString("id"));
      assertEquals("io", node.getString("pool"));
      // Tried first on the full node or not: the answer says so.
      assertEquals(node.containsKey("attempts") ? 2 : null, node.getInteger("attempts"));
    }
    assertEquals(20, free.received.get());
    assertTrue(full.received.get() > 0, "the random pick never chose the full node in 20 tries");
    JsonObject fullStats = stats("full");
    assertEquals(full.received.get(), fullStats.getLong("refused").intValue());
    assertEquals(0, fullStats.getInteger("inFlight"));
    assertEquals(20, stats("free").getLong("answered"));
  }

  @Test
  void whenEveryNodeIsFullTheClientIsToldOverloadedAfterMaxAttempts() throws Exception {
    List<FakeNode> full = List.of(node("a", 1, FakeNode.refuse(WorkMessages.OVERLOADED)),
        node("b", 1, FakeNode.refuse(WorkMessages.OVERLOADED)), node("c", 1, FakeNode.refuse(WorkMessages.OVERLOADED)),
        node("d", 1, FakeNode.refuse(WorkMessages.OVERLOADED)));
    awaitKnown(full.toArray(new FakeNode[0]));
    Outcome.Overloaded overloaded = assertInstanceOf(Outcome.Overloaded.class, send(idempotent(), Long.MAX_VALUE));
    assertEquals("cluster:io", overloaded.pool());
    assertEquals(1, overloaded.retryAfterSeconds());
    assertEquals(3, full.stream().mapToInt(n -> n.received.get()).sum(), "cluster.maxAttempts messages, no more");
  }

  @Test
  void idempotentWorkOnALostNodeIsSentOnceMoreToAnother() throws Exception {
    FakeNode dying = node("dying", 4, FakeNode.neverAnswer());
    awaitKnown(dying);
    Future<Outcome> outcome = sendInBackground(idempotent());
    awaitTrue(() -> dying.received.get() == 1);
    FakeNode survivor = node("survivor", 4, FakeNode.answerAfter(0));
    awaitKnown(survivor);
    long lostAt = System.nanoTime();
    dying.stopPublishing();
    Outcome.Done done = assertInstanceOf(Outcome.Done.class, await(outcome));
    double waitedMs = (System.nanoTime() - lostAt) / 1e6;
    assertTrue(waitedMs < 600 + 1000, "answered " + waitedMs + " ms after the node went silent");
    assertEquals("survivor", ((RemoteRun) done.run()).node().getString("id"));
    assertEquals(1, stats("dying").getLong("retried"));
    assertEquals(0, stats("dying").getLong("lost"));
    assertEquals("lost", stats("dying").getString("state"));
    assertEquals(0, stats("dying").getInteger("inFlight"));
  }

  @Test
  void idempotentWorkOnALostNodeWithNoOtherNodeIsAnsweredNodeLostAndCountedLost() throws Exception {
    FakeNode dying = node("dying", 4, FakeNode.neverAnswer());
    awaitKnown(dying);
    Future<Outcome> outcome = sendInBackground(idempotent());
    awaitTrue(() -> dying.received.get() == 1);
    dying.stopPublishing();
    Outcome.NodeLost lost = assertInstanceOf(Outcome.NodeLost.class, await(outcome));
    assertEquals("dying", lost.node());
    assertTrue(lost.message().contains("no other node"), lost.message());
    JsonObject stats = stats("dying");
    assertEquals(1, stats.getLong("lost"), "not retried, since no node took it: " + stats);
    assertEquals(0, stats.getLong("retried"), stats.toString());
    assertEquals(0, stats.getInteger("inFlight"), stats.toString());
  }

  @Test
  void otherWorkOnALostNodeIsAnsweredNodeLostAndNotSentAgain() throws Exception {
    FakeNode dying = node("dying", 4, FakeNode.neverAnswer());
    FakeNode other = node("other", 4, FakeNode.answerAfter(0));
    awaitKnown(dying, other);
    other.stopTakingWork();
    Future<Outcome> outcome = sendInBackground(writes());
    awaitTrue(() -> dying.received.get() == 1);
    other.takeWorkAgain();
    dying.stopPublishing();
    Outcome.NodeLost lost = assertInstanceOf(Outcome.NodeLost.class, await(outcome));
    assertEquals("dying", lost.node());
    assertTrue(lost.message().contains("not idempotent"), lost.message());
    assertEquals(0, other.received.get());
    assertEquals(1, stats("dying").getLong("lost"));
  }

  @Test
  void workANodeAbandonedWhileRunningIsTreatedAsLostNotAsRefused() throws Exception {
    // It answers "abandoned" 500 ms after it took the work: its drain ran out of time while the work ran.
    FakeNode stopping = node("stopping", 4, (node, message) -> node.vertx.setTimer(500, t -> node.reply(message,
        WorkMessages.refusal(WorkMessages.ABANDONED, "the node shut down before the work finished"))));
    awaitKnown(stopping);
    // Not idempotent: it may have run on the stopping node, so it is not sent anywhere else.
    Outcome.NodeLost lost = assertInstanceOf(Outcome.NodeLost.class, send(writes(), Long.MAX_VALUE));
    assertEquals("stopping", lost.node());
    Future<Outcome> retried = sendInBackground(idempotent());
    awaitTrue(() -> stopping.received.get() == 2);
    FakeNode other = node("other", 4, FakeNode.answerAfter(0));
    awaitKnown(other);
    // Idempotent: sent once more, to the other node, once the stopping node has said it gave the work up.
    Outcome.Done done = assertInstanceOf(Outcome.Done.class, await(retried));
    assertEquals("other", ((RemoteRun) done.run()).node().getString("id"));
  }

  @Test
  void aNodeThatNeverAnswersCostsTheDeadlinePlusTheMarginNotTheEventBusDefault() throws Exception {
    FakeNode silent = node("silent", 4, FakeNode.neverAnswer());
    silent.honoursCancel = false;
    awaitKnown(silent);
    long start = System.nanoTime();
    Outcome.NoAnswer late = assertInstanceOf(Outcome.NoAnswer.class, send(idempotent(), 200));
    double ms = (System.nanoTime() - start) / 1e6;
    // The requirement: no client waits longer than its deadline + 1 s (the margin); 300 ms of slack for this machine.
    assertTrue(ms >= 200 && ms < 200 + RemoteCall.REPLY_MARGIN_MS + 300, ms + " ms");
    assertEquals("silent", late.node());
    assertEquals(1, stats("silent").getLong("timedOut"));
    assertEquals("up", stats("silent").getString("state"));
  }

  @Test
  void aNodeTheFrontCannotReachNeverGetsWorkAndIsListedUnreachableWithTheReason() throws Exception {
    cutOff.add("walled");
    FakeNode walled = node("walled", 8, FakeNode.answerAfter(0));
    FakeNode open = node("open", 1, FakeNode.answerAfter(0));
    awaitKnown(open);
    awaitTrue(() -> stats("walled") != null && "unreachable".equals(stats("walled").getString("state")));
    for (int i = 0; i < 20; i++) {
      assertInstanceOf(Outcome.Done.class, send(writes(), Long.MAX_VALUE));
    }
    assertEquals(0, walled.received.get(), "a node no probe reached got work");
    assertEquals(20, open.received.get());
    JsonObject stats = stats("walled");
    assertTrue(stats.getString("unreachable").contains("refused the connection"), stats.toString());
    assertTrue(stats.getLong("probesFailed") >= 1, stats.toString());
    assertEquals(0, stats.getLong("unreachableCalls"), "no work was even tried there: " + stats);
    // Reachable again: the next probe (every failureDetectionMs, 600 ms here) lets it take work.
    cutOff.remove("walled");
    awaitKnown(walled);
    assertEquals(null, stats("walled").getString("unreachable"));
  }

  @Test
  void workThatCannotBeWrittenToANodeGoesToAnotherAtOnceEvenWhenNotIdempotent() throws Exception {
    FakeNode breaking = node("breaking", 4, FakeNode.answerAfter(0));
    FakeNode other = node("other", 4, FakeNode.answerAfter(0));
    awaitKnown(breaking, other);
    cutOff.add("breaking");
    int sentToBreaking = 0;
    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      Outcome.Done done = assertInstanceOf(Outcome.Done.class, send(writes(), 2000));
      // Never delivered, so safe to send elsewhere; and at once, not after a timeout.
      assertTrue((System.nanoTime() - start) / 1e6 < 1000, "took " + (System.nanoTime() - start) / 1e6 + " ms");
      assertEquals("other", ((RemoteRun) done.run()).node().getString("id"));
      if (((RemoteRun) done.run()).node().containsKey("attempts")) {
        sentToBreaking++;
      }
    }
    assertEquals(0, breaking.received.get());
    JsonObject stats = stats("breaking");
    assertEquals("unreachable", stats.getString("state"), stats.toString());
    assertEquals(sentToBreaking, stats.getLong("unreachableCalls").intValue(), stats.toString());
    assertTrue(sentToBreaking >= 1, "the first failed write takes it out of the choice, so exactly one: " + stats);
    assertEquals(0, stats.getInteger("inFlight"));
  }

  @Test
  void aCallerThatLeavesHasTheNodeDropTheWorkAndHearsCancelled() throws Exception {
    FakeNode queueing = node("queueing", 4, FakeNode.neverAnswer());
    awaitKnown(queueing);
    Promise<RemoteWork.Call> sent = Promise.promise();
    Future<Outcome> outcome = onContext(() -> {
      RemoteWork.Call call = dispatch.send(route(writes()), new Params(Map.of()), 20_000, System.nanoTime());
      sent.complete(call);
      return call.outcome();
    });
    RemoteWork.Call call = await(sent.future());
    awaitTrue(() -> queueing.received.get() == 1);
    long start = System.nanoTime();
    onContext(() -> {
      call.cancel();
      return Future.succeededFuture();
    });
    assertInstanceOf(Outcome.Cancelled.class, await(outcome));
    assertTrue((System.nanoTime() - start) / 1e6 < 1000, "the node's answer ends the call, not the deadline");
    assertEquals(1, queueing.cancels.size(), "one cancel message, for the one call");
    assertEquals(1, stats("queueing").getLong("cancelled"));
    assertEquals(0, stats("queueing").getInteger("inFlight"));
  }

  @Test
  void atTheDeadlineTheNodeIsToldToDropTheWorkAndTheClientHearsDeadlinePassed() throws Exception {
    FakeNode queueing = node("queueing", 4, FakeNode.neverAnswer());
    awaitKnown(queueing);
    long start = System.nanoTime();
    assertInstanceOf(Outcome.Expired.class, send(writes(), 300));
    double ms = (System.nanoTime() - start) / 1e6;
    assertTrue(ms >= 300 && ms < 300 + RemoteCall.REPLY_MARGIN_MS, ms + " ms: the node's cancelled answer ends it");
    assertEquals(1, queueing.cancels.size());
    assertEquals(1, stats("queueing").getLong("cancelled"));
    assertEquals(0, stats("queueing").getLong("timedOut"));
  }

  @Test
  void anAnswerThatComesAfterTheCallGaveUpIsDroppedNeverASecondAnswer() throws Exception {
    FakeNode slow = node("slow", 4, FakeNode.answerAfter(100 + RemoteCall.REPLY_MARGIN_MS + 500));
    slow.honoursCancel = false;
    awaitKnown(slow);
    assertInstanceOf(Outcome.NoAnswer.class, send(writes(), 100));
    awaitTrue(() -> inbox.dropped() == 1);
    assertEquals(1, stats("slow").getLong("timedOut"));
    assertEquals(0, stats("slow").getLong("answered"));
  }

  @Test
  void withNoNodeForThePoolTheWorkIsUnavailable() throws Exception {
    Outcome.Unavailable none = assertInstanceOf(Outcome.Unavailable.class, send(idempotent(), Long.MAX_VALUE));
    assertEquals("cluster", none.dependency());
    assertTrue(none.message().contains("no node"), none.message());
  }

  @Test
  void aDrainingNodeGetsNoWorkAndADepartedOneIsNotCountedLost() throws Exception {
    FakeNode leaving = node("leaving", 8, FakeNode.answerAfter(0));
    FakeNode staying = node("staying", 1, FakeNode.answerAfter(0));
    awaitKnown(leaving, staying);
    leaving.draining = true;
    awaitTrue(() -> "draining".equals(stats("leaving").getString("state")));
    for (int i = 0; i < 10; i++) {
      assertInstanceOf(Outcome.Done.class, send(idempotent(), Long.MAX_VALUE));
    }
    assertEquals(0, leaving.received.get());
    vertx.eventBus().publish(WorkMessages.LOAD_ADDRESS, new JsonObject().put("node", "leaving").put("leaving", true));
    leaving.stopPublishing();
    awaitTrue(() -> "left".equals(stats("leaving").getString("state")));
    Thread.sleep(900);
    assertEquals("left", stats("leaving").getString("state"), "silence after leaving is not a loss");
  }

  @Test
  void anUpNodeWhoseAddressIsMissingForAMomentIsWrittenToAgainNotRefused() throws Exception {
    // As while Hazelcast moves partitions after a member paused: the bus finds no consumer for a moment.
    FakeNode only = upWithoutItsAddress("only");
    long started = System.nanoTime();
    Future<Outcome> outcome = sendInBackground(idempotent());
    Thread.sleep(300);
    await(only.consume());
    assertInstanceOf(Outcome.Done.class, await(outcome));
    double ms = (System.nanoTime() - started) / 1e6;
    assertTrue(ms >= 300 && ms < 2000, "answered once the address was back: " + ms + " ms");
    assertEquals(1, only.received.get());
    JsonObject stats = stats("only");
    assertEquals(0, stats.getLong("refused"), stats.encode());
    assertEquals(1, stats.getLong("answered"), stats.encode());
    assertEquals(0, stats.getInteger("inFlight"), stats.encode());
  }

  @Test
  void anAddressMissingForLongerThanThePausesAllowIsARefusalNotAHang() throws Exception {
    FakeNode gone = upWithoutItsAddress("gone");
    long started = System.nanoTime();
    Outcome.Unavailable none = assertInstanceOf(Outcome.Unavailable.class, send(idempotent(), Long.MAX_VALUE));
    double ms = (System.nanoTime() - started) / 1e6;
    long bound = RemoteCall.NO_CONSUMER_PAUSE_MS * RemoteCall.MAX_NO_CONSUMER_PAUSES;
    assertTrue(ms >= bound && ms < bound + 3000, "given up after the pauses: " + ms + " ms");
    assertTrue(none.message().contains("it takes no work any more"), none.message());
    assertEquals(1, stats("gone").getLong("refused"));
    assertEquals(0, stats("gone").getInteger("inFlight"));
  }

  // ---- helpers ----

  /** A node the front knows as up, whose work address the event bus then no longer finds. */
  private FakeNode upWithoutItsAddress(String id) throws Exception {
    FakeNode node = node(id, 4, FakeNode.answerAfter(0));
    awaitKnown(node);
    node.dropAddress();
    return node;
  }

  private FakeNode node(String id, int limit, BiConsumer<FakeNode, Message<JsonObject>> behaviour) throws Exception {
    FakeNode node = new FakeNode(vertx, id, limit, behaviour);
    await(node.start());
    nodes.add(node);
    return node;
  }

  private void awaitKnown(FakeNode... expected) throws Exception {
    awaitTrue(() -> {
      for (FakeNode n : expected) {
        if (stats(n.id) == null || !"up".equals(stats(n.id).getString("state"))) {
          return false;
        }
      }
      return true;
    });
  }

  private JsonObject stats(String id) {
    for (Object o : directory.toJson()) {
      if (id.equals(((JsonObject) o).getString("id"))) {
        return (JsonObject) o;
      }
    }
    return null;
  }

  /** {@code count} callers on contexts of their own, each sending {@code each} requests one after the other. */
  private Map<String, Integer> callers(int count, int each) throws Exception {
    Map<String, Integer> byNode = new java.util.concurrent.ConcurrentHashMap<>();
    List<Future<Void>> callers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      callers.add(onContext(() -> loop(idempotent(), each, byNode)));
    }
    await(Future.all(callers));
    return byNode;
  }

  private Future<Void> loop(Workload workload, int times, Map<String, Integer> byNode) {
    if (times == 0) {
      return Future.succeededFuture();
    }
    return dispatch.send(route(workload), new Params(Map.of()), Long.MAX_VALUE, System.nanoTime()).outcome()
        .compose(outcome -> {
          String node = ((RemoteRun) ((Outcome.Done) outcome).run()).node().getString("id");
          byNode.merge(node, 1, Integer::sum);
          return loop(workload, times - 1, byNode);
        });
  }

  private Outcome send(Workload workload, long deadlineMs) throws Exception {
    return await(onContext(() -> dispatch.send(route(workload), new Params(Map.of()), deadlineMs,
        System.nanoTime()).outcome()));
  }

  /** Sends without waiting, with no deadline of the client's own: the test acts on the nodes meanwhile. */
  private Future<Outcome> sendInBackground(Workload workload) {
    return onContext(() -> dispatch.send(route(workload), new Params(Map.of()), Long.MAX_VALUE, System.nanoTime())
        .outcome());
  }

  /**
   * Runs {@code call} on an event-loop context of its own, as a request's handler runs on its connection's loop, apart
   * from the directory's context; loop() keeps it there.
   */
  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> call) {
    Context context = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(result));
    return result.future();
  }

  private RouteTable.Route route(Workload workload) {
    return new RouteTable.Route(workload, List.of(), new RouteSettings(Strategy.CLUSTER, false, "io"), dispatch,
        null);
  }

  private static Workload idempotent() {
    return new Stub(true);
  }

  private static Workload writes() {
    return new Stub(false);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("condition never held");
      }
      Thread.sleep(10);
    }
  }

  /** A workload the front only names: the fake nodes never run it. */
  private record Stub(boolean idempotent) implements Workload {
    @Override
    public String name() {
      return idempotent ? "read" : "write";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of();
    }

    @Override
    public Object run(Params params) {
      throw new UnsupportedOperationException("runs on the fake node only");
    }
  }

  /** A node as the front sees it: load messages on the load address, answers on its work address. */
  private static final class FakeNode {
    final String id;
    final AtomicInteger received = new AtomicInteger();
    private final Vertx vertx;
    private final int limit;
    private final BiConsumer<FakeNode, Message<JsonObject>> behaviour;
    private final AtomicInteger running = new AtomicInteger();
    private MessageConsumer<JsonObject> consumer;
    private long publisher;
    private volatile boolean exporting = true;
    volatile boolean draining;
    // Work taken and not answered, by call number: what a cancel finds.
    private final Map<Long, Message<JsonObject>> held = new ConcurrentHashMap<>();
    final List<Long> cancels = new java.util.concurrent.CopyOnWriteArrayList<>();
    // Whether a cancel of held work is answered "cancelled", as a node's queue does for work not started.
    volatile boolean honoursCancel = true;

    FakeNode(Vertx vertx, String id, int limit, BiConsumer<FakeNode, Message<JsonObject>> behaviour) {
      this.vertx = vertx;
      this.id = id;
      this.limit = limit;
      this.behaviour = behaviour;
    }

    static BiConsumer<FakeNode, Message<JsonObject>> answerAfter(long ms) {
      return (node, message) -> {
        node.running.incrementAndGet();
        Runnable answer = () -> {
          node.running.decrementAndGet();
          node.reply(message, new JsonObject().put("status", WorkMessages.OK).put("result", node.id)
              .put("thread", "fake").put("virtual", false).put("context", "worker").put("queuedMs", 0.0)
              .put("serviceMs", (double) ms).put("node", new JsonObject().put("id", node.id)));
        };
        if (ms == 0) {
          answer.run();
        } else {
          node.vertx.setTimer(ms, t -> answer.run());
        }
      };
    }

    static BiConsumer<FakeNode, Message<JsonObject>> refuse(String status) {
      return (node, message) -> node.reply(message, WorkMessages.refusal(status, "fake refusal").put("queued", 3)
          .put("maxQueue", 3).put("retryAfterSeconds", 1L));
    }

    static BiConsumer<FakeNode, Message<JsonObject>> neverAnswer() {
      return (node, message) -> {
      };
    }

    Future<Void> start() {
      publisher = vertx.setPeriodic(50, t -> publish());
      return consume();
    }

    /** Its work address no longer found by the event bus, while it goes on reporting itself up. */
    void dropAddress() throws Exception {
      await(consumer.unregister());
    }

    Future<Void> consume() {
      consumer = vertx.eventBus().consumer(WorkMessages.workAddress(id), message -> {
        JsonObject body = message.body();
        if (body.getBoolean("probe", false)) {
          reply(message, new JsonObject().put("status", WorkMessages.PROBED));
        } else if (body.getBoolean("cancel", false)) {
          cancels.add(body.getLong("call"));
          Message<JsonObject> work = held.remove(body.getLong("call"));
          if (work != null && honoursCancel) {
            reply(work, WorkMessages.refusal(WorkMessages.CANCELLED, "dropped unrun"));
          }
        } else {
          received.incrementAndGet();
          held.put(body.getLong("call"), message);
          behaviour.accept(this, message);
        }
      });
      return consumer.completion();
    }

    private void publish() {
      vertx.eventBus().publish(WorkMessages.LOAD_ADDRESS, new JsonObject().put("node", id).put("host", "127.0.0.1")
          .put("httpPort", 1).put("pid", 1L).put("draining", draining).put("pools", !exporting ? new JsonObject()
              : new JsonObject().put("io", new JsonObject().put("size", limit).put("limit", limit)
                  .put("running", running.get()).put("queued", 0).put("maxQueue", 10))));
    }

    /** Publishes every {@code ms}, the pool in every other report: the front's view of it keeps changing. */
    void flipExportEveryMs(long ms) {
      vertx.setPeriodic(ms, t -> {
        exporting = !exporting;
        publish();
      });
    }

    /** Answers {@code work} as a node does: at the front's reply address, with the front's call number. */
    void reply(Message<JsonObject> work, JsonObject answer) {
      held.remove(work.body().getLong("call"));
      vertx.eventBus().send(work.body().getString("replyTo"), answer.put("call", work.body().getLong("call")));
    }

    void stopPublishing() {
      vertx.cancelTimer(publisher);
    }

    /** Says it is draining for a moment, so that the front sends it nothing. */
    void stopTakingWork() throws InterruptedException {
      draining = true;
      Thread.sleep(300);
    }

    void takeWorkAgain() {
      draining = false;
    }
  }
}
