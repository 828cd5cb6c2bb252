package dev.offload.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one measured phase of an open-loop load saw. Latencies are in microseconds, from each request's scheduled
 * send time to the end of its response.
 *
 * @param elapsedSeconds from the first measured request's due time to the last answer
 * @param scheduledSeconds the measured schedule's length (sent ÷ rate)
 * @param okInSchedule 2xx answers that arrived during the schedule, whichever phase sent them: completed/s is this
 *     ÷ scheduledSeconds, the server's rate of answering while the load ran
 * @param sendLag how late requests left against their schedule, connection wait included
 * @param scheduleLag how late the generator got to each request against its schedule, before any connection wait:
 *     the generator's own health
 * @param connectionWait how long each request then waited for a pooled connection (a server slow to accept shows here)
 * @param okFromSend, rejectedFromSend latency from the actual send instead of the schedule: what the wire saw,
 *     without the generator's own lateness (the uncorrected figure, for telling server time from generator time)
 * @param windows counts and 2xx latency p50/p99 per window of the run (by scheduled time), in order
 */
public record LoadResult(long sent, long ok, long overloaded, long deadlineExceeded, long otherStatus, long errors,
    double elapsedSeconds, double scheduledSeconds, long okInSchedule, Histogram all, Histogram success, Histogram rejected, Histogram sendLag,
    Histogram okFromSend, Histogram rejectedFromSend, List<Window> windows, Histogram scheduleLag,
    Histogram connectionWait) {

  /** One slice of the run by scheduled time. */
  public record Window(double startSeconds, long ok, long others, double okP50Ms, double okP99Ms) {
  }

  public double completedPerSecond() {
    return scheduledSeconds > 0 ? okInSchedule / scheduledSeconds : 0;
  }

  /**
   * True when the generator itself fell behind its schedule enough to matter: p99 schedule lag over 5 ms. Waiting for
   * a connection does not count (see {@code connectionWait}).
   */
  public boolean generatorFellBehind() {
    return ms(scheduleLag, 99) > 5;
  }

  public static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }

  public static double maxMs(Histogram h) {
    return h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0;
  }

  public JsonObject toJson() {
    JsonArray windowsJson = new JsonArray();
    for (Window w : windows) {
      windowsJson.add(new JsonObject().put("startSeconds", w.startSeconds()).put("ok", w.ok())
          .put("others", w.others()).put("okP50Ms", w.okP50Ms()).put("okP99Ms", w.okP99Ms()));
    }
    return new JsonObject()
        .put("sent", sent).put("ok", ok).put("overloaded503", overloaded).put("deadline504", deadlineExceeded)
        .put("otherStatus", otherStatus).put("errors", errors)
        .put("elapsedSeconds", round(elapsedSeconds))
        .put("scheduledSeconds", round(scheduledSeconds))
        .put("okInSchedule", okInSchedule)
        .put("completedPerSecond", round(completedPerSecond()))
        .put("latencyMs", percentiles(all))
        .put("okLatencyMs", percentiles(success))
        .put("rejectedLatencyMs", percentiles(rejected))
        .put("okFromSendMs", percentiles(okFromSend))
        .put("rejectedFromSendMs", percentiles(rejectedFromSend))
        .put("sendLagMs", percentiles(sendLag))
        .put("scheduleLagMs", percentiles(scheduleLag))
        .put("connectionWaitMs", percentiles(connectionWait))
        .put("generatorFellBehind", generatorFellBehind())
        .put("windows", windowsJson);
  }

  private static JsonObject percentiles(Histogram h) {
    return new JsonObject().put("count", h.getTotalCount())
        .put("p50", round(ms(h, 50))).put("p90", round(ms(h, 90))).put("p99", round(ms(h, 99)))
        .put("p999", round(ms(h, 99.9))).put("max", round(maxMs(h)));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
