package dev.offload.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The figures of repeated rounds: a median, its spread, and a bootstrap 95% interval of the median. With 5 rounds the
 * bootstrap interval of the median is the min–max range itself; more rounds narrow it. (The verdicts are
 * {@link Tiers}'s, from each request.)
 */
final class Statistics {
  /** Rounds from which the bootstrap interval is given; below it the interval is the min–max range. */
  static final int BOOTSTRAP_FROM = 5;
  private static final int RESAMPLES = 4000;
  // Fixed, so a report's intervals are the same each time it is made from the same numbers.
  private static final long SEED = 0x0ff10adL;

  private Statistics() {
  }

  /** A figure over rounds: its median, min, max, and (with ≥ 5 rounds) the bootstrap 95% interval of the median. */
  record Spread(int n, double median, double min, double max, Double ciLow, Double ciHigh) {
    /** The bootstrap interval where there is one, else min–max. */
    double low() {
      return ciLow != null ? ciLow : min;
    }

    double high() {
      return ciHigh != null ? ciHigh : max;
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static Spread spread(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double min = Collections.min(values);
    double max = Collections.max(values);
    Double low = null;
    Double high = null;
    if (values.size() >= BOOTSTRAP_FROM) {
      double[] ci = bootstrapMedianInterval(values);
      low = ci[0];
      high = ci[1];
    }
    return new Spread(values.size(), median(values), min, max, low, high);
  }

  /** The 2.5th and 97.5th percentiles of the medians of {@value #RESAMPLES} resamples with replacement. */
  static double[] bootstrapMedianInterval(List<Double> values) {
    SplittableRandom random = new SplittableRandom(SEED);
    double[] medians = new double[RESAMPLES];
    List<Double> resample = new ArrayList<>(values.size());
    for (int r = 0; r < RESAMPLES; r++) {
      resample.clear();
      for (int i = 0; i < values.size(); i++) {
        resample.add(values.get(random.nextInt(values.size())));
      }
      medians[r] = median(resample);
    }
    java.util.Arrays.sort(medians);
    return new double[] {medians[(int) Math.floor(0.025 * (RESAMPLES - 1))],
        medians[(int) Math.ceil(0.975 * (RESAMPLES - 1))]};
  }
}
