package dev.offload.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the HTTP listener did with its connections, shared by every instance: how many are open, and each way one
 * was refused or closed by the service's own limits. {@code /stats} and {@code /metrics} show the same numbers.
 */
public final class ConnectionStats {
  /** Why the service closed a connection or answered it before any handler ran. */
  public enum Closed {
    /** Beyond {@code http.maxConnections}: closed at once. */
    OVER_LIMIT("overLimit"),
    /** No request in progress and no byte for {@code http.idleTimeoutSeconds}. */
    IDLE("idle"),
    /** A request head not complete within {@code http.requestHeaderTimeoutMs}, no request line yet: closed. */
    HEADER_TIMEOUT("headerTimeout"),
    /** As {@link #HEADER_TIMEOUT}, but a request line had been read: answered 408, then closed. */
    REQUEST_TIMEOUT("requestTimeout"),
    /** A request in an HTTP version other than 1.0 and 1.1 (or 2 through ALPN): answered 505, then closed. */
    VERSION_NOT_SUPPORTED("versionNotSupported"),
    /** A request the HTTP decoder could not read (a line or headers too long, bad syntax): answered 4xx, closed. */
    MALFORMED("malformed"),
    /** Idle while the service drained: closed between requests. */
    DRAINED("drained");

    private final String label;

    Closed(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final AtomicLong open = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong[] closed = new AtomicLong[Closed.values().length];

  public ConnectionStats() {
    for (int i = 0; i < closed.length; i++) {
      closed[i] = new AtomicLong();
    }
  }

  /**
   * Counts a new connection; false when it would pass {@code max}, in which case it is counted as closed over the
   * limit instead and must be closed at once.
   */
  public boolean tryOpen(int max) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      closed(Closed.OVER_LIMIT);
      return false;
    }
    accepted.incrementAndGet();
    return true;
  }

  /** A connection counted by {@link #tryOpen} has closed, for whatever reason. */
  public void connectionEnded() {
    open.decrementAndGet();
  }

  public void closed(Closed why) {
    closed[why.ordinal()].incrementAndGet();
  }

  public long open() {
    return open.get();
  }

  public long count(Closed why) {
    return closed[why.ordinal()].get();
  }

  /** {@code {"open": n, "accepted": n, "closed": {"overLimit": n, ...}}} for {@code /stats}. */
  public JsonObject toJson() {
    JsonObject byReason = new JsonObject();
    for (Closed why : Closed.values()) {
      byReason.put(why.label(), count(why));
    }
    return new JsonObject().put("open", open()).put("accepted", accepted.get()).put("closed", byReason);
  }

  /** The same numbers on the meter registry. */
  public void register(MeterRegistry registry) {
    Gauge.builder("offload_http_connections_open", this, ConnectionStats::open)
        .description("HTTP connections open now").register(registry);
    FunctionCounter.builder("offload_http_connections_accepted", this, s -> s.accepted.get())
        .description("HTTP connections accepted within http.maxConnections").register(registry);
    for (Closed why : Closed.values()) {
      FunctionCounter.builder("offload_http_connections_closed", this, s -> s.count(why))
          .tag("reason", why.label())
          .description("HTTP connections the service closed, or answered itself and closed, by reason")
          .register(registry);
    }
  }
}
