package dev.offload.workload;

import java.util.List;

/** A blocking wait of {@code ms} milliseconds: a stand-in for a blocking client call; returns the ms actually slept. */
public final class SleepWorkload implements Workload {
  public static final String NAME = "sleep";

  @Override
  public String name() {
    return NAME;
  }

  /** Waits and changes nothing: running it twice does no harm. */
  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(ParamSpec.requiredInteger("ms", 0, 60_000, 0, 3_600_000));
  }

  @Override
  public Object run(Params params) throws InterruptedException {
    long start = System.nanoTime();
    Thread.sleep(params.integer("ms"));
    return (System.nanoTime() - start) / 1_000_000;
  }
}
