package dev.offload.dispatch;

import dev.offload.config.AimdSettings;

/**
 * Additive increase, multiplicative decrease (after Netflix concurrency-limits' AIMDLimit): one more task may run
 * after each start whose queue wait stayed under the target, while the pool is at least half busy; the limit is
 * multiplied by {@code backoffRatio} after each start that waited longer. It stays within min..max.
 */
public final class AimdLimit implements ConcurrencyLimit {
  private final AimdSettings settings;
  private volatile double limit;

  public AimdLimit(AimdSettings settings) {
    this.settings = settings;
    this.limit = settings.max();
  }

  @Override
  public int current() {
    return (int) limit;
  }

  @Override
  public void onStart(double queueWaitMs, int running) {
    if (queueWaitMs > settings.targetQueueWaitMs()) {
      limit = Math.max(settings.min(), limit * settings.backoffRatio());
    } else if (running * 2 >= limit) {
      // Only grow while the limit is being used: an idle pool proves nothing about a higher one.
      limit = Math.min(settings.max(), limit + 1);
    }
  }
}
