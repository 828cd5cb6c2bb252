package dev.offload.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every work request not yet answered, so that a stopping service can answer each one before it exits. */
public final class InFlight {
  private final Set<PendingWork> pending = ConcurrentHashMap.newKeySet();

  void add(PendingWork work) {
    pending.add(work);
  }

  void remove(PendingWork work) {
    pending.remove(work);
  }

  public int size() {
    return pending.size();
  }

  /** Answers every request still waiting, queued or running, with 503 draining (on its own event loop). */
  public void answerAllDraining() {
    for (PendingWork work : pending) {
      work.answerDrainingLater();
    }
  }
}
