package dev.offload.cluster;

import dev.offload.service.Lifecycle;
import dev.offload.service.CurrentState;
import dev.offload.service.Offloader;
import dev.offload.service.Outcome;
import dev.offload.service.RouteTable;
import dev.offload.service.Submission;
import dev.offload.workload.BadParameterException;
import dev.offload.workload.ParamParser;
import dev.offload.workload.Params;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes work that other nodes send to this node's exported pools: one instance per event loop, each a consumer of
 * the node's own work address. The work goes through the same {@link Offloader}, admission and threads as local
 * work; the answer, sent to the front's reply address with the front's call number, says whether it ran, and a
 * refusal before the start lets the front try another node. The same address answers a front's probes and takes its
 * cancels.
 */
final class WorkExport extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(WorkExport.class.getName());
  // Fronts whose answers could not be written, logged once each (a front this node cannot reach gets none).
  private static final Set<String> UNANSWERABLE = ConcurrentHashMap.newKeySet();

  private final String nodeId;
  private final JsonObject identity;
  private final CurrentState state;
  private final Offloader offloader;
  private final Lifecycle lifecycle;
  private final TakenWork taken;
  private final long connectTimeoutMs;
  private MessageConsumer<JsonObject> consumer;

  WorkExport(String nodeId, JsonObject identity, CurrentState state, Offloader offloader, Lifecycle lifecycle,
      TakenWork taken, long connectTimeoutMs) {
    this.nodeId = nodeId;
    this.identity = identity;
    this.state = state;
    this.offloader = offloader;
    this.lifecycle = lifecycle;
    this.taken = taken;
    this.connectTimeoutMs = connectTimeoutMs;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(WorkMessages.workAddress(nodeId), this::take);
    return consumer.completion();
  }

  private void take(Message<JsonObject> message) {
    JsonObject work = message.body();
    String replyTo = work.getString("replyTo");
    Long call = work.getLong("call");
    if (replyTo == null || call == null) {
      LOG.warning("a message without replyTo or call at this node's work address, dropped: " + work);
      return;
    }
    if (work.getBoolean("probe", false)) {
      answer(replyTo, call, new JsonObject().put("status", WorkMessages.PROBED));
      return;
    }
    if (work.getBoolean("cancel", false)) {
      // Its work answers itself (cancelled, or its result if it had started): nothing to say here.
      // A cancel that overtakes its work (another instance took it first) finds nothing: the work then waits at
      // most until its deadline, as the front's waitMs says.
      taken.cancel(replyTo, call);
      return;
    }
    if (lifecycle.draining()) {
      // Not started, so the front sends it to another node at once instead of waiting for this one's drain.
      answer(replyTo, call, WorkMessages.refusal(WorkMessages.DRAINING, "the node is shutting down"));
      return;
    }
    String pool = work.getString("pool", "");
    Optional<RouteTable.Route> found = state.get().routes().exported(pool, work.getString("workload", ""));
    if (found.isEmpty()) {
      answer(replyTo, call, WorkMessages.refusal(WorkMessages.NOT_EXPORTED, "this node exports no pool " + pool
          + " for " + work.getString("workload")));
      return;
    }
    RouteTable.Route route = found.get();
    JsonObject values = work.getJsonObject("params", new JsonObject());
    Params params;
    try {
      params = ParamParser.parseJson(route.params(), values::getValue);
    } catch (BadParameterException e) {
      answer(replyTo, call, WorkMessages.refusal(WorkMessages.BAD_PARAMETER, e.getMessage()).put("param",
          e.param()));
      return;
    }
    long waitMs = Math.max(1, work.getLong("waitMs", 1L));
    Submission submission = offloader.submit(route, params, waitMs);
    taken.taken(replyTo, call, submission, context);
    submission.outcome().onSuccess(outcome -> {
      taken.answered(replyTo, call);
      if (outcome instanceof Outcome.Failed) {
        LOG.log(Level.SEVERE, "work of route " + route.name() + " sent by another node failed",
            ((Outcome.Failed) outcome).cause());
      }
      if (outcome instanceof Outcome.Drained && submission.workStarted()) {
        // Answered by the end of the drain while it still runs: not a refusal the front may freely send elsewhere.
        answer(replyTo, call, WorkMessages.refusal(WorkMessages.ABANDONED,
            "the node shut down before the work finished"));
        return;
      }
      answer(replyTo, call, WorkMessages.answer(outcome, identity));
    });
  }

  private void answer(String replyTo, long call, JsonObject answer) {
    vertx.eventBus().<JsonObject>sender(replyTo).write(answer.put("call", call)).onFailure(cause -> {
      if (UNANSWERABLE.add(replyTo)) {
        LOG.warning("an answer to " + replyTo + " could not be written (is that front's certificate signed by "
            + "another CA?): " + ReachProbe.why(cause, connectTimeoutMs));
      }
    });
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
