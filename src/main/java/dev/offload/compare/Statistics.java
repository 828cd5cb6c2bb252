package dev.offload.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The figures of repeated rounds: a median, its spread, and a bootstrap 95% interval of the median; and the rule that
 * names a winner only when its interval overlaps no other's (and the medians differ by 5% or more). With
 * 5 rounds the bootstrap interval of the median is the min–max range itself; more rounds narrow it.
 */
final class Statistics {
  /** Rounds from which the bootstrap interval is given; below it the interval is the min–max range. */
  static final int BOOTSTRAP_FROM = 5;
  private static final int RESAMPLES = 4000;
  /** The smallest difference of medians, relative to the larger, for which a winner is named. */
  static final double MIN_DIFFERENCE = 0.05;
  // Fixed, so a report's intervals are the same each time it is made from the same numbers.
  private static final long SEED = 0x0ff10adL;

  private Statistics() {
  }

  /** A figure over rounds: its median, min, max, and (with ≥ 5 rounds) the bootstrap 95% interval of the median. */
  record Spread(int n, double median, double min, double max, Double ciLow, Double ciHigh) {
    /** The interval the winner rule compares: the bootstrap interval where there is one, else min–max. */
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

  /** Who wins one figure, or why nobody does. */
  record Verdict(String winner, String text) {
  }

  /**
   * The best by median, named only when its interval overlaps no other's and its median is 5% or more from every
   * other's; otherwise "no clear winner (A ≈ B)", B the first (by median) it cannot be told from. A single round has
   * no interval, so it names nobody. {@code names} and {@code spreads} go together.
   */
  static Verdict winner(List<String> names, List<Spread> spreads, boolean lowerIsBetter) {
    if (names.isEmpty()) {
      return new Verdict(null, "no strategy measured");
    }
    if (names.size() < 2) {
      return new Verdict(null, "only one strategy measured");
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> lowerIsBetter ? Double.compare(spreads.get(a).median(), spreads.get(b).median())
        : Double.compare(spreads.get(b).median(), spreads.get(a).median()));
    Spread best = spreads.get(order.get(0));
    String first = names.get(order.get(0));
    // Apart from every other, not only from the next median: with tied medians the next one by median is not
    // necessarily the one whose interval comes closest.
    for (int k = 1; k < order.size(); k++) {
      Spread other = spreads.get(order.get(k));
      String pair = first + " ≈ " + names.get(order.get(k));
      if (best.n() < 2 || other.n() < 2) {
        return new Verdict(null, "no clear winner (" + pair + "; fewer than two measured rounds, no interval)");
      }
      boolean apart = lowerIsBetter ? best.high() < other.low() : best.low() > other.high();
      // Rounds that all give the same figure (a rate fully served) have intervals of width 0: one late answer
      // would part them. A difference below this is no difference a user should act on.
      double larger = Math.max(Math.abs(best.median()), Math.abs(other.median()));
      boolean matters = larger > 0 && Math.abs(best.median() - other.median()) / larger >= MIN_DIFFERENCE;
      if (!apart || !matters) {
        return new Verdict(null, "no clear winner (" + pair + ")");
      }
    }
    return new Verdict(first, first);
  }
}
