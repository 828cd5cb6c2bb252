package dev.offload.compare;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A result's per-request latencies kept in the report (a compressed HdrHistogram in base64, microseconds), and the
 * bootstrap draws made from them: one resample's quantile, or its largest value, drawn without building the resample.
 */
final class Samples {
  /** Highest latency a burst's histogram holds, as the load generator's: 10 minutes in µs. */
  private static final long HIGHEST_US = 600_000_000L;

  private final long[] values;
  private final long[] cumulative;
  private final long count;

  private Samples(Histogram h) {
    int buckets = 0;
    for (HistogramIterationValue v : h.recordedValues()) {
      buckets++;
    }
    values = new long[buckets];
    cumulative = new long[buckets];
    long total = 0;
    int i = 0;
    for (HistogramIterationValue v : h.recordedValues()) {
      total += v.getCountAtValueIteratedTo();
      values[i] = h.highestEquivalentValue(v.getValueIteratedTo());
      cumulative[i++] = total;
    }
    count = total;
  }

  static String encode(Histogram h) {
    ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
  }

  /** A burst's exact latencies (ms) as the same kind of histogram. */
  static String encode(List<Double> latenciesMs) {
    Histogram h = new Histogram(HIGHEST_US, 3);
    for (double ms : latenciesMs) {
      h.recordValue(Math.max(0, Math.min(HIGHEST_US, Math.round(ms * 1000))));
    }
    return encode(h);
  }

  static Samples decode(String base64) {
    try {
      return new Samples(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)),
          0));
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the report's samples cannot be read: " + e.getMessage(), e);
    }
  }

  long count() {
    return count;
  }

  /** The {@code rank}-th smallest sample (1-based), in ms. */
  double atRank(long rank) {
    int lo = 0;
    int hi = values.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] >= rank) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return values[lo] / 1000.0;
  }

  /** The sample quantile as HdrHistogram gives it: the ceil(q·n)-th smallest. */
  double quantile(double q) {
    return atRank(rank(q));
  }

  private long rank(double q) {
    return Math.max(1, Math.min(count, (long) Math.ceil(q * count)));
  }

  /**
   * The q-quantile of one bootstrap resample (n draws with replacement). Its k-th smallest value is F⁻¹(U₍ₖ₎), U₍ₖ₎
   * the k-th smallest of n uniforms, which is Beta(k, n + 1 − k): so one Beta draw replaces n draws and a sort.
   */
  double resampledQuantile(double q, java.util.random.RandomGenerator random) {
    long k = rank(q);
    double u = Resampling.beta(k, count + 1 - k, random);
    return atRank(Math.max(1, Math.min(count, (long) Math.ceil(u * count))));
  }
}
