package dev.offload;

import dev.offload.workload.ParamSpec;
import dev.offload.workload.Params;
import dev.offload.workload.Workload;
import java.util.List;

/** A test workload, {@code boom}, that always throws, as a buggy user workload would; its message must not leak. */
final class FailingWorkload implements Workload {
  static final String SECRET = "secret detail";

  @Override
  public String name() {
    return "boom";
  }

  @Override
  public List<ParamSpec> params() {
    return List.of();
  }

  @Override
  public Object run(Params params) {
    throw new IllegalStateException(SECRET);
  }
}
