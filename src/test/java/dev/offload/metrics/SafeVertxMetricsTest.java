package dev.offload.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SafeVertxMetrics} and {@link SafeHttpServerMetrics}: a connection without a socket metric is served
 * unmetered instead of throwing, the cached request meters are the ones vertx-micrometer-metrics makes, every other
 * call reaches vertx-micrometer-metrics, and no SPI method is left to an interface default (which would silently
 * drop that metric).
 */
class SafeVertxMetricsTest {
  private static final SocketAddress LOCAL = SocketAddress.inetSocketAddress(8080, "127.0.0.1");
  private static final SocketAddress REMOTE = SocketAddress.inetSocketAddress(40000, "127.0.0.1");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<VertxMetrics> opened = new ArrayList<>();

  @AfterEach
  void close() {
    // Closing releases the Micrometer backend that vertx-micrometer-metrics keeps by registry name.
    opened.forEach(VertxMetrics::close);
  }

  @Test
  void everySpiMethodIsDelegated() {
    assertEquals(List.of(), undelegated(VertxMetrics.class, SafeVertxMetrics.class));
    assertEquals(List.of(), undelegated(HttpServerMetrics.class, SafeHttpServerMetrics.class));
  }

  @Test
  void aConnectionWithoutSocketMetricIsServedUnmetered() {
    HttpServerMetrics<Object, Object, Object> plain = httpServerMetrics(
        new MicrometerMetricsFactory(registry).metrics(options()));
    // What Vert.x 5.0.7 hands vertx-micrometer-metrics for a connection accepted before the server's metrics.
    assertThrows(NullPointerException.class, () -> plain.requestBegin(null, request()));

    HttpServerMetrics<Object, Object, Object> safe = httpServerMetrics(
        SafeVertxMetrics.factory(registry).metrics(options()));
    Object requestMetric = safe.requestBegin(null, request());
    assertNull(requestMetric);
    safe.requestRouted(requestMetric, "/ready");
    safe.requestEnd(requestMetric, request(), 40);
    safe.responseBegin(requestMetric, response());
    safe.responseEnd(requestMetric, response(), 100);
    safe.requestReset(requestMetric);
    safe.bytesRead(null, REMOTE, 40);
    safe.bytesWritten(null, REMOTE, 100);
    safe.exceptionOccurred(null, REMOTE, new RuntimeException("test"));
    safe.disconnected(null, REMOTE);
    assertEquals(1.0, registry.get("offload_http_unmetered_requests").counter().count());
  }

  @Test
  void aConnectionWithSocketMetricIsMeteredAsBefore() {
    HttpServerMetrics<Object, Object, Object> safe = httpServerMetrics(
        SafeVertxMetrics.factory(registry).metrics(options()));
    Object socketMetric = safe.connected(REMOTE, null);
    assertNotNull(socketMetric);
    Object requestMetric = safe.requestBegin(socketMetric, request());
    safe.requestEnd(requestMetric, request(), 40);
    safe.responseBegin(requestMetric, response());
    safe.responseEnd(requestMetric, response(), 100);
    safe.disconnected(socketMetric, REMOTE);
    assertEquals(1.0, registry.get("vertx.http.server.requests").tag("code", "200").counter().count());
    assertEquals(0.0, registry.get("offload_http_unmetered_requests").counter().count());
  }

  @Test
  void theCachedRequestMetersAreTheOnesVertxMicrometerMakes() {
    SimpleMeterRegistry theirs = new SimpleMeterRegistry();
    playRequests(httpServerMetrics(new MicrometerMetricsFactory(theirs).metrics(options())));
    playRequests(httpServerMetrics(SafeVertxMetrics.factory(registry).metrics(options())));
    Map<String, String> expected = httpServerMeters(theirs);
    assertEquals(expected, httpServerMeters(registry));
    // What the calls above add up to, so that the comparison compares something.
    assertEquals("4.0", expected.get("COUNTER vertx.http.server.requests [tag(code=200), tag(method=GET)]"));
    assertEquals("1.0", expected.get("GAUGE vertx.http.server.active.requests [tag(method=GET)]"), expected.toString());
    assertEquals("1.0", expected.get("COUNTER vertx.http.server.request.resets [tag(method=POST)]"));
  }

  /** GET 200 three times, GET 404, a POST reset, and a GET whose response ended before its request: one active. */
  private static void playRequests(HttpServerMetrics<Object, Object, Object> metrics) {
    Object socket = metrics.connected(REMOTE, null);
    for (int status : new int[] {200, 200, 404, 200}) {
      Object request = metrics.requestBegin(socket, request(HttpMethod.GET));
      metrics.requestEnd(request, request(HttpMethod.GET), 30);
      metrics.responseBegin(request, response(status));
      metrics.responseEnd(request, response(status), 120 + status);
    }
    Object reset = metrics.requestBegin(socket, request(HttpMethod.POST));
    metrics.requestReset(reset);
    Object early = metrics.requestBegin(socket, request(HttpMethod.GET));
    metrics.responseEnd(early, response(200), 50);
  }

  /** Every vertx.http.server meter: type, name and tags to its count (and total, for summaries and timers). */
  private static Map<String, String> httpServerMeters(MeterRegistry registry) {
    Map<String, String> out = new TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      if (!meter.getId().getName().startsWith("vertx.http.server.")) {
        continue;
      }
      String key = meter.getId().getType() + " " + meter.getId().getName() + " " + meter.getId().getTags();
      if (meter instanceof Counter) {
        out.put(key, Double.toString(((Counter) meter).count()));
      } else if (meter instanceof Gauge) {
        out.put(key, Double.toString(((Gauge) meter).value()));
      } else if (meter instanceof DistributionSummary) {
        out.put(key, ((DistributionSummary) meter).count() + " / " + ((DistributionSummary) meter).totalAmount());
      } else if (meter instanceof Timer) {
        out.put(key, ((Timer) meter).count() + " timed");
      } else {
        out.put(key, meter.getClass().getSimpleName());
      }
      // The help text Prometheus shows.
      out.put(key + " description", meter.getId().getDescription());
    }
    return out;
  }

  /** The SPI's instance methods that {@code wrapper} does not declare itself. */
  private static List<String> undelegated(Class<?> spi, Class<?> wrapper) {
    List<String> missing = new ArrayList<>();
    for (Method method : spi.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      try {
        if (wrapper.getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass() != wrapper) {
          missing.add(method.toString());
        }
      } catch (NoSuchMethodException e) {
        missing.add(method.toString());
      }
    }
    return missing;
  }

  @SuppressWarnings("unchecked")
  private HttpServerMetrics<Object, Object, Object> httpServerMetrics(VertxMetrics metrics) {
    opened.add(metrics);
    return (HttpServerMetrics<Object, Object, Object>) metrics.createHttpServerMetrics(new HttpServerOptions(), LOCAL);
  }

  private static VertxOptions options() {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setRegistryName("safe-metrics-test-" + UUID.randomUUID()));
  }

  private static HttpRequest request() {
    return request(HttpMethod.GET);
  }

  private static HttpRequest request(HttpMethod method) {
    return new HttpRequest() {
      @Override
      public int id() {
        return 1;
      }

      @Override
      public String uri() {
        return "/ready";
      }

      @Override
      public String absoluteURI() {
        return "http://127.0.0.1:8080/ready";
      }

      @Override
      public HttpMethod method() {
        return method;
      }

      @Override
      public MultiMap headers() {
        return MultiMap.caseInsensitiveMultiMap();
      }

      @Override
      public SocketAddress remoteAddress() {
        return REMOTE;
      }
    };
  }

  private static HttpResponse response() {
    return response(200);
  }

  private static HttpResponse response(int status) {
    return new HttpResponse() {
      @Override
      public int statusCode() {
        return status;
      }

      @Override
      public MultiMap headers() {
        return MultiMap.caseInsensitiveMultiMap();
      }
    };
  }
}
