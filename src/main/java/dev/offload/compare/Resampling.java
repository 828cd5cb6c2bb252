package dev.offload.compare;

import java.util.random.RandomGenerator;

/** The random draws the bootstrap needs (Beta through two Gammas) and a percentile of draws. */
final class Resampling {
  private Resampling() {
  }

  /** A Beta(a, b) draw, a and b at least 1, as X / (X + Y) of two Gamma draws. */
  static double beta(double a, double b, RandomGenerator random) {
    double x = gamma(a, random);
    double y = gamma(b, random);
    return x / (x + y);
  }

  /** A Gamma(shape, 1) draw for shape ≥ 1: Marsaglia and Tsang, ACM TOMS 26(3), 2000. */
  static double gamma(double shape, RandomGenerator random) {
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = random.nextGaussian();
      double v = 1 + c * z;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  /** The p-th fraction (0..1) of {@code sorted}: the lower or upper end of a percentile interval. */
  static double percentile(double[] sorted, double p) {
    int index = (int) Math.round(p * (sorted.length - 1));
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
