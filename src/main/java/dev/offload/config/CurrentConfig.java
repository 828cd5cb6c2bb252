package dev.offload.config;

import java.util.concurrent.atomic.AtomicReference;

/** The one place the running service reads its config from, so that an applied change is seen everywhere at once. */
public final class CurrentConfig {
  private final AtomicReference<AppliedConfig> current;

  public CurrentConfig(OffloadConfig initial, String source) {
    this.current = new AtomicReference<>(new AppliedConfig(initial, 1, System.currentTimeMillis(), source));
  }

  public AppliedConfig get() {
    return current.get();
  }

  /** Records a newly applied config as the next version. */
  public AppliedConfig advance(OffloadConfig next, String changedBy) {
    return current.updateAndGet(
        old -> new AppliedConfig(next, old.version() + 1, System.currentTimeMillis(), changedBy));
  }
}
