package dev.offload.http;

import dev.offload.config.AdminSettings;
import dev.offload.config.HttpSettings;
import dev.offload.metrics.ConnectionStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The admin API's own listener (when {@code admin.port} is not the service's), on one event loop: it carries a few
 * calls, never load, and has the service listener's limits and timeouts (its connections counted apart), with TLS
 * when {@code admin.tls} is set.
 */
public final class AdminListener {
  private AdminListener() {
  }

  /** Listens with {@code router}, which holds the admin routes; unknown paths get 404 and wrong methods 405. */
  public static Future<HttpServer> listen(Vertx vertx, AdminSettings admin, HttpSettings limits, Router router,
      ServiceComponents components) {
    ApiErrors.answerRefusalsInJson(router, 400, 404, 413, 414, 415, 431, 500);
    router.errorHandler(405, ctx -> ApiErrors.methodNotAllowed(ctx, AllowedMethods.of(ctx.request().path(), null)));
    HttpServerOptions options = HttpConnections.options(admin.host(), admin.port(), limits, admin.tls());
    // Counted apart from the service's connections: a flood that fills http.maxConnections on the service port
    // must not lock the operator out of the admin API (a drain, say).
    HttpConnections connections = new HttpConnections(limits, options, new ConnectionStats(), components.lifecycle(),
        null);
    return vertx.createHttpServer(options)
        .connectionHandler(connections::accept)
        .invalidRequestHandler(connections::malformed)
        .requestHandler(router)
        .listen();
  }
}
