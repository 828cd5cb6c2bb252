package dev.offload.compare;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One round's result as a figure the tiers can resample: a p99 from the round's per-request latencies, a throughput
 * from its per-second counts (a burst's from its last answer), a ramp's capacity as it is (a round has one).
 */
final class RoundFigures {
  private RoundFigures() {
  }

  /** The figure of one measured result, or null where it has none (no 2xx answer, no probe answer). */
  static Tiers.RoundFigure of(JsonObject result, Tiers.Figure figure) {
    Double point = Repeats.value(result, Repeats.figure(figure.key));
    if (point == null) {
      return null;
    }
    JsonObject samples = result.getJsonObject("samples", new JsonObject());
    return switch (figure) {
      case P99 -> quantile(point, samples.getString("okUs"));
      case PROBE_P99 -> quantile(point, samples.getString("probeUs"));
      case THROUGHPUT -> "burst".equals(result.getString("type")) ? burstThroughput(point, samples.getString("okUs"))
          : perSecond(point, result.getJsonObject("timeline"));
      case CAPACITY -> fixed(point);
    };
  }

  static Tiers.RoundFigure fixed(double point) {
    return new Tiers.RoundFigure(point, random -> point);
  }

  /** The p99 of a resample of the round's requests. */
  private static Tiers.RoundFigure quantile(double point, String encoded) {
    Samples samples = encoded == null ? null : Samples.decode(encoded);
    if (samples == null || samples.count() == 0) {
      return fixed(point);
    }
    return new Tiers.RoundFigure(point, random -> samples.resampledQuantile(0.99, random));
  }

  /** A burst's throughput is its 2xx count over the time to its last answer: that last answer resampled. */
  private static Tiers.RoundFigure burstThroughput(double point, String encoded) {
    if (encoded == null || point == 0) {
      return fixed(point);
    }
    Samples samples = Samples.decode(encoded);
    double last = samples.count() == 0 ? 0 : samples.atRank(samples.count());
    if (last == 0) {
      return fixed(point);
    }
    return new Tiers.RoundFigure(point, random -> {
      double drawn = samples.resampledQuantile(1.0, random);
      return drawn == 0 ? point : point * last / drawn;
    });
  }

  /** The throughput scaled by the mean of a resample of the round's seconds over their own mean. */
  private static Tiers.RoundFigure perSecond(double point, JsonObject timeline) {
    JsonArray ok = timeline == null ? null : timeline.getJsonArray("okPerSecond");
    List<Double> seconds = new ArrayList<>();
    if (ok != null) {
      for (Object v : ok) {
        if (v instanceof Number n) {
          seconds.add(n.doubleValue());
        }
      }
    }
    double mean = seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    if (seconds.size() < 2 || mean == 0) {
      return fixed(point);
    }
    return new Tiers.RoundFigure(point, random -> {
      double sum = 0;
      for (int i = 0; i < seconds.size(); i++) {
        sum += seconds.get(random.nextInt(seconds.size()));
      }
      return point * (sum / seconds.size()) / mean;
    });
  }
}
