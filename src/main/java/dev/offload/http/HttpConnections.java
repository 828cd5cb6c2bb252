package dev.offload.http;

import dev.offload.config.HttpSettings;
import dev.offload.config.TlsSettings;
import dev.offload.metrics.ConnectionStats;
import dev.offload.service.Lifecycle;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one listener on one event loop (an HTTP verticle instance, or the admin listener): each is
 * admitted within {@code http.maxConnections}, each HTTP/1.x one is guarded ({@link ConnectionGuard}), requests the
 * HTTP decoder cannot read are answered in JSON, and a drain closes them between requests only.
 *
 * <p>Everything here runs on the listener's event loop, where Vert.x calls its connection handler.
 */
final class HttpConnections {
  private static final long DRAIN_SWEEP_MS = 100;

  private final HttpSettings settings;
  private final HttpServerOptions options;
  private final ConnectionStats stats;
  private final Lifecycle lifecycle;
  private final ListeningPort port;
  private final Set<ConnectionGuard> guards = new HashSet<>();

  /**
   * @param options the listener's options, whose decoder limits a guarded connection's decoder keeps
   * @param port where to note the listening socket for the drain, or null (the admin listener's own port)
   */
  HttpConnections(HttpSettings settings, HttpServerOptions options, ConnectionStats stats, Lifecycle lifecycle,
      ListeningPort port) {
    this.settings = settings;
    this.options = options;
    this.stats = stats;
    this.lifecycle = lifecycle;
    this.port = port;
  }

  /**
   * The listener's options from the validated settings: its limits, and TLS with HTTP/2 through ALPN when
   * {@code tls} is given. No cleartext HTTP/2 (h2c): a connection must be guarded from its first byte, and Vert.x
   * hands over an h2c-capable connection only once that byte has arrived.
   */
  static HttpServerOptions options(String host, int port, HttpSettings settings, TlsSettings tls) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setHttp2ClearTextEnabled(false)
        .setMaxHeaderSize(settings.maxHeaderBytes())
        .setMaxInitialLineLength(settings.maxInitialLineBytes())
        // For HTTP/2 connections; an HTTP/1.x connection's guard replaces it with an idle timeout of its own.
        .setIdleTimeout(settings.idleTimeoutSeconds())
        // offload serves no WebSocket. With compression on, Vert.x puts a WebSocket extension handler in every
        // connection's pipeline, which reads every request's and every response's headers for an upgrade.
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false)
        // Every answer is written on its connection's event loop (work answers on the request's context, the
        // dashboard's stream through it), so Vert.x may write straight to the channel. Without this it keeps an
        // outbound queue per connection for writes from other threads: a 1,024-slot chunk (about 4 KiB of heap)
        // per open connection, 40 MB at 10,000, and a queue add and drain per answer. A write from another thread
        // would now fail with an IllegalStateException instead of being queued.
        .setStrictThreadMode(true);
    if (tls != null) {
      options.setSsl(true).setUseAlpn(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certFile()).setKeyPath(tls.keyFile()))
          // The handshake comes before the first request head, and is held to the same deadline.
          .setSslHandshakeTimeout(settings.requestHeaderTimeoutMs())
          .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    return options;
  }

  /** The listener's connection handler: admits, guards and counts a new connection. */
  void accept(HttpConnection connection) {
    if (!stats.tryOpen(settings.maxConnections())) {
      connection.close();
      return;
    }
    // Vert.x's internal connection type is the only way to its Netty channel (see ConnectionGuard, ListeningPort).
    HttpServerConnection internal = (HttpServerConnection) connection;
    if (port != null) {
      port.learnFrom(internal.channelHandlerContext().channel());
    }
    ConnectionGuard guard = null;
    if (connection instanceof Http1xServerConnection) {
      guard = new ConnectionGuard(settings, options, stats, lifecycle, internal.channelHandlerContext().channel());
      guard.install(internal.channelHandlerContext().pipeline());
      guards.add(guard);
    }
    ConnectionGuard guarded = guard;
    connection.closeHandler(closed -> {
      stats.connectionEnded();
      if (guarded != null) {
        guards.remove(guarded);
      }
    });
  }

  /**
   * The listener's invalid-request handler: a request Vert.x's decoder could not read gets a JSON answer naming the
   * limit or the problem, then the connection closes.
   */
  void malformed(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    JsonObject body;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      body = new JsonObject().put("error", "uri_too_long").put("message", "the request line is above"
          + " http.maxInitialLineBytes, " + settings.maxInitialLineBytes() + " bytes");
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      body = new JsonObject().put("error", "headers_too_large").put("message", "the request headers are above"
          + " http.maxHeaderBytes, " + settings.maxHeaderBytes() + " bytes");
    } else {
      status = 400;
      body = ApiErrors.badRequestBody(null, "malformed HTTP request"
          + (cause != null && cause.getMessage() != null ? ": " + cause.getMessage() : ""));
    }
    stats.closed(ConnectionStats.Closed.MALFORMED);
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close").end(body.encode())
        // The decoder cannot find the next request's start after a broken one: the connection ends here.
        .onComplete(written -> request.connection().close());
  }

  /**
   * The drain's closing phase on this listener: guarded connections answer each request with
   * {@code Connection: close}, and one idle between requests for {@link ConnectionGuard#DRAIN_IDLE_CLOSE_MS} is
   * closed. Call on the listener's event loop; returns the sweep's timer id.
   */
  long startClosing(Vertx vertx) {
    guards.forEach(ConnectionGuard::startClosing);
    return vertx.setPeriodic(DRAIN_SWEEP_MS, id -> {
      for (ConnectionGuard guard : List.copyOf(guards)) {
        guard.closeIfIdleWhileClosing();
      }
    });
  }
}
