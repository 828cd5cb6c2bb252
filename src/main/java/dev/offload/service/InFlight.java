package dev.offload.service;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every submission without an outcome yet, so that a stopping service can answer each one before it exits. */
final class InFlight {
  private final Set<Submission> pending = ConcurrentHashMap.newKeySet();

  void add(Submission work) {
    pending.add(work);
  }

  void remove(Submission work) {
    pending.remove(work);
  }

  int size() {
    return pending.size();
  }

  /** Ends every submission still waiting, queued or running, as drained (each on its own context). */
  void drainAll() {
    for (Submission work : pending) {
      work.drainLater();
    }
  }
}
