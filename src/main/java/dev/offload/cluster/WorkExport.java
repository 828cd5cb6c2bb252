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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes work that other nodes send to this node's exported pools: one instance per event loop, each a consumer of
 * the node's own work address. The work goes through the same {@link Offloader}, admission and threads as local
 * work; the answer says whether it ran, and a refusal before the start lets the front try another node.
 */
final class WorkExport extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(WorkExport.class.getName());

  private final String nodeId;
  private final JsonObject identity;
  private final CurrentState state;
  private final Offloader offloader;
  private final Lifecycle lifecycle;
  private MessageConsumer<JsonObject> consumer;

  WorkExport(String nodeId, JsonObject identity, CurrentState state, Offloader offloader, Lifecycle lifecycle) {
    this.nodeId = nodeId;
    this.identity = identity;
    this.state = state;
    this.offloader = offloader;
    this.lifecycle = lifecycle;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(WorkMessages.workAddress(nodeId), this::take);
    return consumer.completion();
  }

  private void take(Message<JsonObject> message) {
    if (lifecycle.draining()) {
      // Not started, so the front sends it to another node at once instead of waiting for this one's drain.
      message.reply(WorkMessages.refusal(WorkMessages.DRAINING, "the node is shutting down"));
      return;
    }
    JsonObject work = message.body();
    String pool = work.getString("pool", "");
    Optional<RouteTable.Route> found = state.get().routes().exported(pool, work.getString("workload", ""));
    if (found.isEmpty()) {
      message.reply(WorkMessages.refusal(WorkMessages.NOT_EXPORTED, "this node exports no pool " + pool + " for "
          + work.getString("workload")));
      return;
    }
    RouteTable.Route route = found.get();
    JsonObject values = work.getJsonObject("params", new JsonObject());
    Params params;
    try {
      params = ParamParser.parseJson(route.params(), values::getValue);
    } catch (BadParameterException e) {
      message.reply(WorkMessages.refusal(WorkMessages.BAD_PARAMETER, e.getMessage()).put("param", e.param()));
      return;
    }
    long waitMs = Math.max(1, work.getLong("waitMs", 1L));
    Submission submission = offloader.submit(route, params, waitMs);
    submission.outcome().onSuccess(outcome -> {
      if (outcome instanceof Outcome.Failed) {
        LOG.log(Level.SEVERE, "work of route " + route.name() + " sent by another node failed",
            ((Outcome.Failed) outcome).cause());
      }
      if (outcome instanceof Outcome.Drained && submission.workStarted()) {
        // Answered by the end of the drain while it still runs: not a refusal the front may freely send elsewhere.
        message.reply(WorkMessages.refusal(WorkMessages.ABANDONED, "the node shut down before the work finished"));
        return;
      }
      message.reply(WorkMessages.answer(outcome, identity));
    });
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
