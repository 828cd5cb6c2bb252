package dev.offload.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A timer's histogram at one moment: for each bucket bound (ms), how many recordings were at or under it, and the total.
 * The difference of two is the histogram of what was recorded between them, which is how the dashboard gets a
 * percentile per second from meters that only ever grow. Percentiles are read from the buckets, so they are as exact
 * as a bucket is narrow (Micrometer's buckets are about a quarter of a power of two apart, the first at 1 ms).
 */
public record BucketCounts(double[] boundsMs, double[] atOrUnder, double total) {

  /** The timer's cumulative bucket counts, as the Prometheus registry keeps them (since the start). */
  public static BucketCounts of(Timer timer) {
    HistogramSnapshot snapshot = timer.takeSnapshot();
    CountAtBucket[] buckets = snapshot.histogramCounts();
    double[] bounds = new double[buckets.length];
    double[] counts = new double[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
      counts[i] = buckets[i].count();
    }
    return new BucketCounts(bounds, counts, snapshot.count());
  }

  /** Both together (same timer settings, so the same bounds). */
  public BucketCounts plus(BucketCounts other) {
    double[] counts = atOrUnder.clone();
    for (int i = 0; i < counts.length && i < other.atOrUnder.length; i++) {
      counts[i] += other.atOrUnder[i];
    }
    return new BucketCounts(boundsMs, counts, total + other.total);
  }

  /** What was recorded since {@code earlier} (null: since the start). */
  public BucketCounts since(BucketCounts earlier) {
    if (earlier == null || earlier.atOrUnder.length != atOrUnder.length) {
      return this;
    }
    double[] counts = new double[atOrUnder.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = Math.max(0, atOrUnder[i] - earlier.atOrUnder[i]);
    }
    return new BucketCounts(boundsMs, counts, Math.max(0, total - earlier.total));
  }

  /**
   * The value under which {@code percentile}% of the recordings fall, interpolated linearly inside its bucket; null
   * when nothing was recorded. Above the last bound it answers the last bound: "at least this".
   */
  public Double percentileMs(double percentile) {
    if (total <= 0) {
      return null;
    }
    double rank = percentile / 100.0 * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (int i = 0; i < boundsMs.length; i++) {
      if (atOrUnder[i] >= rank && atOrUnder[i] > lowerCount) {
        double fraction = (rank - lowerCount) / (atOrUnder[i] - lowerCount);
        return lowerBound + fraction * (boundsMs[i] - lowerBound);
      }
      lowerBound = boundsMs[i];
      lowerCount = atOrUnder[i];
    }
    return boundsMs.length == 0 ? null : boundsMs[boundsMs.length - 1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BucketCounts b && total == b.total && Arrays.equals(boundsMs, b.boundsMs)
        && Arrays.equals(atOrUnder, b.atOrUnder);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(atOrUnder) * 31 + Double.hashCode(total);
  }

  @Override
  public String toString() {
    return "BucketCounts[total=" + total + "]";
  }
}
