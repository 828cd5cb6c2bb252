package dev.offload.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per HTTP-verticle-instance counters: connections accepted, requests taken, the instance's event-loop thread,
 * and the lag its probe last saw. Shows how load spread across instances.
 */
public final class InstanceStats {
  private final int count;
  private final AtomicLongArray connections;
  private final AtomicLongArray requests;
  private final AtomicLongArray lastLagMicros;
  private final AtomicLongArray maxLagMicros;
  private final String[] eventLoops;

  public InstanceStats(int count) {
    this.count = count;
    connections = new AtomicLongArray(count);
    requests = new AtomicLongArray(count);
    lastLagMicros = new AtomicLongArray(count);
    maxLagMicros = new AtomicLongArray(count);
    eventLoops = new String[count];
  }

  public int count() {
    return count;
  }

  public synchronized void started(int instance, String eventLoopThread) {
    eventLoops[instance] = eventLoopThread;
  }

  public synchronized String eventLoop(int instance) {
    return eventLoops[instance];
  }

  public void connectionAccepted(int instance) {
    connections.incrementAndGet(instance);
  }

  public void requestTaken(int instance) {
    requests.incrementAndGet(instance);
  }

  public void lagObserved(int instance, long lagMicros) {
    lastLagMicros.set(instance, lagMicros);
    maxLagMicros.accumulateAndGet(instance, lagMicros, Math::max);
  }

  public long connections(int instance) {
    return connections.get(instance);
  }

  public long requests(int instance) {
    return requests.get(instance);
  }

  public long lastLagMicros(int instance) {
    return lastLagMicros.get(instance);
  }

  public long maxLagMicros(int instance) {
    return maxLagMicros.get(instance);
  }
}
