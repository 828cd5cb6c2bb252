package dev.offload.cluster;

import dev.offload.dispatch.WorkRun;
import io.vertx.core.json.JsonObject;

/**
 * Work that ran on another node, as the front reports it: thread, context and service time are the node's;
 * {@code queuedMs} is everything else the front waited (its own queue, the trip, the node's queue).
 *
 * @param node the node that ran it: {@code id}, {@code host}, {@code httpPort}, {@code pid}, {@code pool}, and
 *     {@code attempts} when more than one node was tried
 */
public record RemoteRun(double queuedMs, double serviceMs, String threadName, boolean virtual, String context,
    JsonObject node) implements WorkRun {
}
