package dev.offload.cluster;

import dev.offload.service.Submission;
import io.vertx.core.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The work this node took from other nodes and has not answered, by the front's reply address and call number:
 * one table for every {@link WorkExport} instance, since a front's cancel may reach another instance than its work.
 */
final class TakenWork {
  private record Taken(Submission submission, Context context) {
  }

  private final Map<String, Taken> open = new ConcurrentHashMap<>();

  void taken(String replyTo, long call, Submission submission, Context context) {
    open.put(key(replyTo, call), new Taken(submission, context));
  }

  void answered(String replyTo, long call) {
    open.remove(key(replyTo, call));
  }

  /**
   * The front no longer waits: the work leaves its queue unrun, counted cancelled as a local client's leaving is.
   * Work that has started runs on (it is never interrupted) and answers as usual. False when there is no such work.
   */
  boolean cancel(String replyTo, long call) {
    Taken taken = open.get(key(replyTo, call));
    if (taken == null) {
      return false;
    }
    // The submission is the taking instance's: it is ended on that instance's context, as its other paths are.
    taken.context().runOnContext(v -> {
      if (!taken.submission().workStarted()) {
        taken.submission().cancel();
      }
    });
    return true;
  }

  int size() {
    return open.size();
  }

  private static String key(String replyTo, long call) {
    return replyTo + "#" + call;
  }
}
