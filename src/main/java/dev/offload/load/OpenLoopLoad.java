package dev.offload.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Open-loop HTTP load: request i is due at start + i / rate whatever happened to earlier ones, and its latency is
 * measured from that due time, so a server stall shows in full instead of slowing the load down (no coordinated
 * omission). Runs on one Vert.x context; a 1 ms ticker sends whatever has come due.
 */
public final class OpenLoopLoad {
  private static final long HIGHEST_US = TimeUnit.MINUTES.toMicros(10);
  private static final long TICK_MS = 1;

  private final Vertx vertx;
  private final LoadPlan plan;
  private final HttpClient client;
  private final Histogram all = new Histogram(HIGHEST_US, 3);
  private final Histogram success = new Histogram(HIGHEST_US, 3);
  private final Histogram rejected = new Histogram(HIGHEST_US, 3);
  private final Histogram sendLag = new Histogram(HIGHEST_US, 3);
  private final Histogram scheduleLag = new Histogram(HIGHEST_US, 3);
  private final Histogram connectionWait = new Histogram(HIGHEST_US, 3);
  private final Histogram okFromSend = new Histogram(HIGHEST_US, 3);
  private final Histogram rejectedFromSend = new Histogram(HIGHEST_US, 3);
  // When each 2xx answer arrived, in ms from the start of the measured schedule, whoever sent it: throughput is
  // the answers that land inside the schedule, so neither a slow tail nor a warm-up backlog distorts it.
  private final Histogram okArrivalMs = new Histogram(TimeUnit.HOURS.toMillis(24), 2);
  // Warm-up records here, so that the measured phase does not pay for the first recordings (class loading, JIT).
  private final Histogram warmup = new Histogram(HIGHEST_US, 3);
  private final List<Histogram> windowOk = new ArrayList<>();
  private final List<long[]> windowCounts = new ArrayList<>();
  private long startNanos;
  private long measureFromIndex;
  private long totalRequests;
  private long nextIndex;
  private volatile boolean stopRequested;
  private long outstanding;
  private long sent;
  private long ok;
  private long overloaded;
  private long deadlineExceeded;
  private long otherStatus;
  private long errors;
  private long ticker = -1;
  private Promise<LoadResult> done;

  public OpenLoopLoad(Vertx vertx, LoadPlan plan) {
    this.vertx = vertx;
    this.plan = plan;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(plan.maxConnections()));
  }

  /**
   * Runs the whole plan (warm-up, then the measured phase). All of it — ticks, sends and their completions — runs
   * on one context of this generator's Vert.x, so its counters need no locks. Call it from that Vert.x's context
   * or from a thread of no Vert.x: from another Vert.x's thread, Vert.x would lend a context that runs elsewhere.
   */
  public Future<LoadResult> run() {
    Context current = Vertx.currentContext();
    if (current != null && current.owner() != vertx) {
      throw new IllegalStateException("run() from a thread of another Vert.x instance");
    }
    Context context = vertx.getOrCreateContext();
    Promise<LoadResult> result = Promise.promise();
    context.runOnContext(v -> start().onComplete(result));
    return result.future();
  }

  private Future<LoadResult> start() {
    done = Promise.promise();
    measureFromIndex = (long) Math.ceil(plan.warmupMs() / 1000.0 * plan.ratePerSecond());
    totalRequests = measureFromIndex + (long) Math.floor(plan.durationMs() / 1000.0 * plan.ratePerSecond());
    startNanos = System.nanoTime();
    ticker = vertx.setPeriodic(TICK_MS, id -> sendDue());
    sendDue();
    return done.future().eventually(() -> client.close());
  }

  private long dueNanos(long index) {
    return startNanos + (long) (index * 1e9 / plan.ratePerSecond());
  }

  /**
   * Ends the load early: nothing more is sent, and the result covers what was sent, once it is answered. For a
   * companion load (the probe) that should last exactly as long as another one.
   */
  public void stop() {
    stopRequested = true;
  }

  private void sendDue() {
    if (stopRequested && nextIndex < totalRequests) {
      totalRequests = nextIndex;
    }
    long now = System.nanoTime();
    while (nextIndex < totalRequests && dueNanos(nextIndex) <= now) {
      send(nextIndex++, now);
    }
    if (nextIndex >= totalRequests && ticker >= 0) {
      vertx.cancelTimer(ticker);
      ticker = -1;
      finishIfDone();
    }
  }

  private void send(long index, long now) {
    long due = dueNanos(index);
    boolean measured = index >= measureFromIndex;
    if (measured) {
      sent++;
    }
    outstanding++;
    LoadRequest request = plan.requests().get((int) (index % plan.requests().size()));
    RequestOptions options = request.options(plan.host(), plan.port())
        // Both bounded: waiting for a pooled connection (connect timeout) and for the answer (idle timeout).
        .setConnectTimeout(plan.requestTimeoutMs())
        .setIdleTimeout(plan.requestTimeoutMs());
    plan.headers().forEach(options::addHeader);
    long[] sentAt = {now};
    // The generator's own lateness: how long after its due time the ticker got to it.
    long sendCalled = System.nanoTime();
    if (measured) {
      scheduleLag.recordValue(Math.min(HIGHEST_US, Math.max(0, (sendCalled - due) / 1000)));
    }
    client.request(options)
        .compose(req -> {
          // The request leaves now that it has a connection. The wait for one is apart from the schedule lag: a
          // server that is slow to accept (a stalled event loop) makes it, not the generator.
          sentAt[0] = System.nanoTime();
          if (measured) {
            connectionWait.recordValue(Math.min(HIGHEST_US, Math.max(0, (sentAt[0] - sendCalled) / 1000)));
          }
          (measured ? sendLag : warmup).recordValue(Math.min(HIGHEST_US, Math.max(0, (sentAt[0] - due) / 1000)));
          return request.send(req).compose(resp -> resp.end().map(v -> resp.statusCode()));
        })
        .onComplete(result -> {
          outstanding--;
          if (result.succeeded() && result.result() >= 200 && result.result() < 300) {
            long sinceStart = (System.nanoTime() - dueNanos(measureFromIndex)) / 1_000_000;
            if (sinceStart >= 0) {
              okArrivalMs.recordValue(Math.min(okArrivalMs.getHighestTrackableValue(), sinceStart));
            }
          }
          if (measured) {
            record(index, due, sentAt[0], result.succeeded() ? result.result() : -1);
          } else {
            warmup.recordValue(Math.min(HIGHEST_US, Math.max(0, (System.nanoTime() - due) / 1000)));
          }
          finishIfDone();
        });
  }

  private void record(long index, long due, long sentAt, int status) {
    long end = System.nanoTime();
    long latencyUs = Math.min(HIGHEST_US, Math.max(0, (end - due) / 1000));
    long fromSendUs = Math.min(HIGHEST_US, Math.max(0, (end - sentAt) / 1000));
    int window = (int) ((long) ((index - measureFromIndex) / plan.ratePerSecond() * 1000) / plan.windowMs());
    // Windows are made as the run reaches them: a long plan that is stopped early (the probe) costs nothing.
    while (windowOk.size() <= window) {
      windowOk.add(new Histogram(HIGHEST_US, 2));
      windowCounts.add(new long[2]);
    }
    if (status < 0) {
      errors++;
      windowCounts.get(window)[1]++;
      return;
    }
    all.recordValue(latencyUs);
    if (status >= 200 && status < 300) {
      ok++;
      success.recordValue(latencyUs);
      okFromSend.recordValue(fromSendUs);
      windowOk.get(window).recordValue(latencyUs);
      windowCounts.get(window)[0]++;
      return;
    }
    windowCounts.get(window)[1]++;
    if (status == 503) {
      overloaded++;
      rejected.recordValue(latencyUs);
      rejectedFromSend.recordValue(fromSendUs);
    } else if (status == 504) {
      deadlineExceeded++;
    } else {
      otherStatus++;
    }
  }

  private void finishIfDone() {
    if (nextIndex < totalRequests || outstanding > 0 || done.future().isComplete()) {
      return;
    }
    double elapsed = (System.nanoTime() - dueNanos(measureFromIndex)) / 1e9;
    // The measured schedule's length: sent ÷ rate, shorter than planned when stopped early.
    double scheduled = sent / plan.ratePerSecond();
    List<LoadResult.Window> windows = new ArrayList<>();
    for (int i = 0; i < windowOk.size(); i++) {
      windows.add(new LoadResult.Window(i * plan.windowMs() / 1000.0, windowCounts.get(i)[0],
          windowCounts.get(i)[1], LoadResult.ms(windowOk.get(i), 50), LoadResult.ms(windowOk.get(i), 99)));
    }
    long okInSchedule = okArrivalMs.getCountBetweenValues(0, (long) (scheduled * 1000));
    done.complete(new LoadResult(sent, ok, overloaded, deadlineExceeded, otherStatus, errors, elapsed, scheduled,
        okInSchedule, all, success, rejected, sendLag, okFromSend, rejectedFromSend, windows, scheduleLag,
        connectionWait));
  }
}
