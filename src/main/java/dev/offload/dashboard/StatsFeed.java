package dev.offload.dashboard;

import dev.offload.config.DashboardSettings;
import dev.offload.metrics.BucketCounts;
import dev.offload.metrics.OffloadMeters;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The once-a-second snapshot behind {@code GET /stats/stream}: {@code /stats} plus rates computed here (requests per
 * second by route and outcome, work-time p50/p99 per route and event-loop lag p99 per instance over the last second),
 * made once whatever the number of open streams, and written to each of them as a server-sent event. The last
 * {@code dashboard.historySeconds} of them are kept, so a page that opens shows the recent past at once.
 *
 * <p>It reads meters and state and changes neither. A stream whose client reads too slowly misses events rather than
 * queueing them.
 */
public final class StatsFeed {
  static final long TICK_MS = 1000;

  private final Vertx vertx;
  private final OffloadMeters meters;
  private final Supplier<DashboardSettings> settings;
  private final Timer[] lagTimers;
  private final Set<FeedStream> streams = ConcurrentHashMap.newKeySet();
  private final AtomicLong dropped = new AtomicLong();
  private final Object historyLock = new Object();
  // Guarded by historyLock; each entry is one event's data line, already encoded.
  private final ArrayDeque<String> history = new ArrayDeque<>();
  private Supplier<JsonObject> stats;
  private long timer = -1;
  // The previous tick's readings, touched only by the timer's context.
  private long lastNanos;
  private Map<String, Map<String, Double>> lastTotals = Map.of();
  private Map<String, BucketCounts> lastWork = Map.of();
  private BucketCounts[] lastLag;

  public StatsFeed(Vertx vertx, OffloadMeters meters, Supplier<DashboardSettings> settings, int instances) {
    this.vertx = vertx;
    this.meters = meters;
    this.settings = settings;
    this.lagTimers = new Timer[instances];
    for (int i = 0; i < instances; i++) {
      lagTimers[i] = meters.eventLoopLag(i);
    }
    this.lastLag = new BucketCounts[instances];
  }

  /** Starts the ticks; {@code stats} makes one {@code /stats} snapshot. */
  public void start(Supplier<JsonObject> stats) {
    this.stats = stats;
    // The first readings are the baseline of the first rates.
    vertx.runOnContext(v -> {
      readRates(System.nanoTime());
      timer = vertx.setPeriodic(TICK_MS, id -> tick());
    });
  }

  /** Stops the ticks and ends every open stream. */
  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    endStreams();
  }

  /** Ends every open stream (at the drain's closing phase, so their connections can close). */
  public void endStreams() {
    for (FeedStream stream : List.copyOf(streams)) {
      stream.end();
    }
  }

  /** Streams open now. */
  public int openStreams() {
    return streams.size();
  }

  /** Events not written to a stream because its client was not reading fast enough. */
  public long droppedEvents() {
    return dropped.get();
  }

  /**
   * Takes {@code response} as a new stream, on its own event loop: writes the kept history as {@code history}
   * events, then every tick until the client leaves. False when {@code dashboard.maxStreams} are open already.
   */
  public boolean open(HttpServerResponse response) {
    if (streams.size() >= settings.get().maxStreams()) {
      return false;
    }
    FeedStream stream = new FeedStream(Vertx.currentContext(), response, streams, dropped);
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        // A proxy that buffers would hold the events back.
        .putHeader("X-Accel-Buffering", "no");
    StringBuilder first = new StringBuilder("retry: 2000\n\n");
    synchronized (historyLock) {
      for (String past : history) {
        first.append("event: history\ndata: ").append(past).append("\n\n");
      }
      // Joined under the lock: no tick falls between the history it got and the first live event.
      streams.add(stream);
    }
    response.write(first.toString());
    return true;
  }

  private void tick() {
    DashboardSettings now = settings.get();
    if (!now.enabled()) {
      // Turned off at runtime: the open pages stop, new ones get 404.
      endStreams();
    }
    JsonObject event = stats.get().put("at", System.currentTimeMillis()).put("rates", readRates(System.nanoTime()));
    String live = "data: " + event.encode() + "\n\n";
    List<FeedStream> targets;
    synchronized (historyLock) {
      // The route table (parameters and their limits) is long and rarely changes; the live events carry it.
      event.remove("routes");
      history.addLast(event.encode());
      while (history.size() > now.historySeconds()) {
        history.removeFirst();
      }
      targets = new ArrayList<>(streams);
    }
    for (FeedStream stream : targets) {
      stream.send(live);
    }
  }

  private JsonObject readRates(long nanos) {
    double seconds = lastNanos == 0 ? 0 : (nanos - lastNanos) / 1e9;
    Map<String, Map<String, Double>> totals = meters.requestTotals();
    Map<String, BucketCounts> work = meters.workHistograms();
    JsonObject routes = new JsonObject();
    for (Map.Entry<String, Map<String, Double>> route : totals.entrySet()) {
      Map<String, Double> before = lastTotals.getOrDefault(route.getKey(), Map.of());
      JsonObject perSecond = new JsonObject();
      double all = 0;
      for (Map.Entry<String, Double> outcome : route.getValue().entrySet()) {
        double rate = seconds > 0 ? (outcome.getValue() - before.getOrDefault(outcome.getKey(), 0.0)) / seconds : 0;
        perSecond.put(outcome.getKey(), round(rate));
        all += rate;
      }
      JsonObject rates = new JsonObject().put("perSecond", perSecond).put("total", round(all));
      if (work.containsKey(route.getKey())) {
        // Null in a second without work; left out for a route that is not timed at all ("timings": false).
        BucketCounts lastSecond = work.get(route.getKey()).since(lastWork.get(route.getKey()));
        rates.put("p50Ms", round(lastSecond.percentileMs(50))).put("p99Ms", round(lastSecond.percentileMs(99)));
      }
      routes.put(route.getKey(), rates);
    }
    JsonArray lag = new JsonArray();
    for (int i = 0; i < lagTimers.length; i++) {
      BucketCounts counts = BucketCounts.of(lagTimers[i]);
      lag.add(round(counts.since(lastLag[i]).percentileMs(99)));
      lastLag[i] = counts;
    }
    lastNanos = nanos;
    lastTotals = totals;
    lastWork = work;
    return new JsonObject().put("intervalMs", Math.round(seconds * 1000)).put("routes", routes)
        .put("eventLoopLagP99Ms", lag);
  }

  private static Double round(Double v) {
    return v == null ? null : Math.round(v * 100) / 100.0;
  }

  /** One open stream: written to on its own event loop only. */
  private static final class FeedStream {
    private final Context context;
    private final HttpServerResponse response;
    private final Set<FeedStream> streams;
    private final AtomicLong dropped;

    FeedStream(Context context, HttpServerResponse response, Set<FeedStream> streams, AtomicLong dropped) {
      this.context = context;
      this.response = response;
      this.streams = streams;
      this.dropped = dropped;
      response.closeHandler(v -> streams.remove(this));
      response.exceptionHandler(e -> streams.remove(this));
    }

    void send(String event) {
      context.runOnContext(v -> {
        if (!streams.contains(this)) {
          return;
        }
        if (response.writeQueueFull()) {
          dropped.incrementAndGet();
          return;
        }
        response.write(event);
      });
    }

    void end() {
      streams.remove(this);
      context.runOnContext(v -> {
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      });
    }
  }
}
