package dev.offload;

import dev.offload.workload.ParamSpec;
import dev.offload.workload.Params;
import dev.offload.workload.Workload;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A test workload that blocks until the test opens the gate, and counts how many times it started. */
final class GateWorkload implements Workload {
  final AtomicInteger started = new AtomicInteger();
  private final CountDownLatch gate = new CountDownLatch(1);

  @Override
  public String name() {
    return "gate";
  }

  @Override
  public List<ParamSpec> params() {
    return List.of();
  }

  @Override
  public Object run(Params params) throws InterruptedException {
    started.incrementAndGet();
    if (!gate.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the test never opened the gate");
    }
    return "passed";
  }

  void open() {
    gate.countDown();
  }
}
