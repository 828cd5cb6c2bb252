package dev.offload.metrics;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * Vert.x's HTTP server metrics, with two changes to vertx-micrometer-metrics' own. Per-request meters come from
 * {@link HttpRequestMeters}, made once instead of looked up on every request (where the labels allow: else they are
 * vertx-micrometer-metrics' own); the connection meters are its own. And a connection that has no socket metric has
 * its requests served and counted as unmetered instead of throwing a NullPointerException out of the metrics into
 * Netty.
 *
 * <p>Vert.x 5.0.7 can accept a connection on a freshly bound port before the server's metrics exist; the connection
 * then has no socket metric, yet its requests reach the metrics once they exist, and vertx-micrometer-metrics
 * dereferences the missing metric: the request is never answered (docs/upstream/README.md). Every method delegates,
 * and none passes a null metric on.
 */
final class SafeHttpServerMetrics implements HttpServerMetrics<Object, Object, Object> {
  private final HttpServerMetrics<Object, Object, Object> delegate;
  private final Counter unmetered;
  private final HttpRequestMeters requestMeters;

  /** @param requestMeters the cached request meters, or null to keep vertx-micrometer-metrics' own */
  @SuppressWarnings("unchecked")
  SafeHttpServerMetrics(HttpServerMetrics<?, ?, ?> delegate, Counter unmetered, HttpRequestMeters requestMeters) {
    this.delegate = (HttpServerMetrics<Object, Object, Object>) delegate;
    this.unmetered = unmetered;
    this.requestMeters = requestMeters;
  }

  @Override
  public Object requestBegin(Object socketMetric, HttpRequest request) {
    if (socketMetric == null) {
      // A null request metric makes every later call for this request a no-op below.
      unmetered.increment();
      return null;
    }
    return requestMeters != null ? requestMeters.begin(request.method()) : delegate.requestBegin(socketMetric, request);
  }

  @Override
  public void requestEnd(Object requestMetric, HttpRequest request, long bytesRead) {
    if (requestMetric instanceof HttpRequestMeters.Request) {
      ((HttpRequestMeters.Request) requestMetric).requestEnded(bytesRead);
    } else if (requestMetric != null) {
      delegate.requestEnd(requestMetric, request, bytesRead);
    }
  }

  @Override
  public void requestReset(Object requestMetric) {
    if (requestMetric instanceof HttpRequestMeters.Request) {
      ((HttpRequestMeters.Request) requestMetric).reset();
    } else if (requestMetric != null) {
      delegate.requestReset(requestMetric);
    }
  }

  @Override
  public void responseBegin(Object requestMetric, HttpResponse response) {
    // vertx-micrometer-metrics records nothing here; the cached meters neither.
    if (requestMetric != null && !(requestMetric instanceof HttpRequestMeters.Request)) {
      delegate.responseBegin(requestMetric, response);
    }
  }

  @Override
  public Object responsePushed(Object socketMetric, HttpMethod method, String uri, HttpResponse response) {
    if (socketMetric == null) {
      unmetered.increment();
      return null;
    }
    return requestMeters != null ? requestMeters.begin(method)
        : delegate.responsePushed(socketMetric, method, uri, response);
  }

  @Override
  public void responseEnd(Object requestMetric, HttpResponse response, long bytesWritten) {
    if (requestMetric instanceof HttpRequestMeters.Request) {
      ((HttpRequestMeters.Request) requestMetric).responseEnded(response.statusCode(), bytesWritten);
    } else if (requestMetric != null) {
      delegate.responseEnd(requestMetric, response, bytesWritten);
    }
  }

  @Override
  public Object connected(Object socketMetric, Object requestMetric, ServerWebSocket serverWebSocket) {
    if (socketMetric == null || requestMetric == null) {
      return null;
    }
    // vertx-micrometer-metrics counts a WebSocket by its connection's tags only: it is given no request metric of
    // another kind than its own.
    return delegate.connected(socketMetric,
        requestMetric instanceof HttpRequestMeters.Request ? null : requestMetric, serverWebSocket);
  }

  @Override
  public void disconnected(Object serverWebSocketMetric) {
    if (serverWebSocketMetric != null) {
      delegate.disconnected(serverWebSocketMetric);
    }
  }

  @Override
  public void requestRouted(Object requestMetric, String route) {
    // The cached meters carry no route label (HttpRequestMeters.of keeps vertx-micrometer-metrics' own when they do).
    if (requestMetric != null && !(requestMetric instanceof HttpRequestMeters.Request)) {
      delegate.requestRouted(requestMetric, route);
    }
  }

  @Override
  public Object connected(SocketAddress remoteAddress, String remoteName) {
    return delegate.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(Object socketMetric, SocketAddress remoteAddress) {
    if (socketMetric != null) {
      delegate.disconnected(socketMetric, remoteAddress);
    }
  }

  @Override
  public void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    if (socketMetric != null) {
      delegate.bytesRead(socketMetric, remoteAddress, numberOfBytes);
    }
  }

  @Override
  public void bytesWritten(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    if (socketMetric != null) {
      delegate.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
    }
  }

  @Override
  public void exceptionOccurred(Object socketMetric, SocketAddress remoteAddress, Throwable t) {
    if (socketMetric != null) {
      delegate.exceptionOccurred(socketMetric, remoteAddress, t);
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
