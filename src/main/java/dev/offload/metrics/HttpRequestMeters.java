package dev.offload.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Vert.x's per-request HTTP server meters, made once per method and status code instead of looked up by their tags on
 * every request (vertx-micrometer-metrics builds the tags and asks the registry five times a request, a tenth of a
 * small request's cost). The meters are the ones vertx-micrometer-metrics makes under its default labels, with its
 * names, descriptions and tags: requests, response time and response bytes by method and code; active requests,
 * request bytes and resets by method. Other label settings keep vertx-micrometer-metrics' own ({@link #of} says when).
 */
final class HttpRequestMeters {
  /** The labels that would add tags these meters do not carry. */
  private static final Set<Label> OTHER_HTTP_LABELS = Set.of(Label.HTTP_PATH, Label.HTTP_ROUTE, Label.LOCAL,
      Label.REMOTE);

  private final MeterRegistry registry;
  private final MetricsNaming names;
  private final Map<HttpMethod, ByMethod> byMethod = new ConcurrentHashMap<>();

  private HttpRequestMeters(MeterRegistry registry, MetricsNaming names) {
    this.registry = registry;
    this.names = names;
  }

  /**
   * The cached meters for Vert.x metrics options that label requests by method and code only, as offload sets them
   * up; null for any other set-up, which then keeps vertx-micrometer-metrics' own request meters.
   */
  static HttpRequestMeters of(MeterRegistry registry, MetricsOptions options) {
    if (!(options instanceof MicrometerMetricsOptions)) {
      return null;
    }
    MicrometerMetricsOptions micrometer = (MicrometerMetricsOptions) options;
    Set<Label> labels = micrometer.getLabels();
    if (!labels.contains(Label.HTTP_METHOD) || !labels.contains(Label.HTTP_CODE)
        || OTHER_HTTP_LABELS.stream().anyMatch(labels::contains) || micrometer.getServerRequestTagsProvider() != null) {
      return null;
    }
    return new HttpRequestMeters(registry,
        micrometer.getMetricsNaming().withBaseName(MetricsDomain.HTTP_SERVER.getPrefix()));
  }

  /** A request has begun: it counts as active until both it and its response have ended, or it was reset. */
  Request begin(HttpMethod method) {
    ByMethod meters = byMethod.computeIfAbsent(method, ByMethod::new);
    meters.active.increment();
    return new Request(meters, System.nanoTime());
  }

  /** One request's meters and its progress; Vert.x calls each of its methods on the request's connection thread. */
  final class Request {
    private final ByMethod meters;
    private final long beganNanos;
    private boolean requestEnded;
    private boolean responseEnded;
    private boolean reset;

    private Request(ByMethod meters, long beganNanos) {
      this.meters = meters;
      this.beganNanos = beganNanos;
    }

    void requestEnded(long bytesRead) {
      meters.requestBytes().record(bytesRead);
      requestEnded = true;
      if (!reset && responseEnded) {
        meters.active.decrement();
      }
    }

    void responseEnded(int status, long bytesWritten) {
      ByStatus answered = meters.status(status);
      answered.requests.increment();
      answered.responseTime.record(System.nanoTime() - beganNanos, TimeUnit.NANOSECONDS);
      answered.responseBytes.record(bytesWritten);
      responseEnded = true;
      if (!reset && requestEnded) {
        meters.active.decrement();
      }
    }

    void reset() {
      meters.resets().increment();
      meters.active.decrement();
      reset = true;
    }
  }

  /** The meters of one method. */
  private final class ByMethod {
    private final String method;
    private final LongAdder active = new LongAdder();
    // Made when first used, as vertx-micrometer-metrics makes them: no reset counter until a request is reset.
    private volatile DistributionSummary requestBytes;
    private volatile Counter resets;
    // Status codes 0..999 by index; Vert.x takes any status a handler sets, so others are looked up each time.
    private final AtomicReferenceArray<ByStatus> byStatus = new AtomicReferenceArray<>(1000);

    private ByMethod(HttpMethod httpMethod) {
      this.method = httpMethod.toString();
      Gauge.builder(names.getHttpActiveRequests(), active, LongAdder::doubleValue)
          .description("Number of requests being processed").tag(Label.HTTP_METHOD.toString(), method)
          .strongReference(true).register(registry);
    }

    private DistributionSummary requestBytes() {
      if (requestBytes == null) {
        // Two threads may both make it: the registry hands both the same meter.
        requestBytes = DistributionSummary.builder(names.getHttpRequestBytes())
            .description("Size of requests in bytes").tag(Label.HTTP_METHOD.toString(), method).register(registry);
      }
      return requestBytes;
    }

    private Counter resets() {
      if (resets == null) {
        resets = Counter.builder(names.getHttpRequestResetsCount())
            .description("Number of request resets").tag(Label.HTTP_METHOD.toString(), method).register(registry);
      }
      return resets;
    }

    private ByStatus status(int code) {
      if (code < 0 || code >= byStatus.length()) {
        return new ByStatus(method, code);
      }
      ByStatus found = byStatus.get(code);
      if (found == null) {
        // Two threads may both make it: the registry hands both the same meters.
        found = new ByStatus(method, code);
        byStatus.set(code, found);
      }
      return found;
    }
  }

  /** The meters of one method and status code. */
  private final class ByStatus {
    private final Counter requests;
    private final Timer responseTime;
    private final DistributionSummary responseBytes;

    private ByStatus(String method, int code) {
      String[] tags = {Label.HTTP_CODE.toString(), Integer.toString(code), Label.HTTP_METHOD.toString(), method};
      requests = Counter.builder(names.getHttpRequestsCount()).description("Number of processed requests")
          .tags(tags).register(registry);
      responseTime = Timer.builder(names.getHttpResponseTime()).description("Request processing time")
          .tags(tags).register(registry);
      responseBytes = DistributionSummary.builder(names.getHttpResponseBytes())
          .description("Size of responses in bytes").tags(tags).register(registry);
    }
  }
}
