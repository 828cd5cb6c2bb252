package dev.offload.http;

import dev.offload.metrics.EventLoopLagProbe;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the HTTP verticle. {@code http.instances} of them listen on the same port: Vert.x hands accepted
 * connections round-robin to their event loops, so each instance serves its own share of connections.
 */
public final class HttpVerticle extends VerticleBase {
  private final int instance;
  private final ServiceComponents components;
  private EventLoopLagProbe lagProbe;
  private HttpServer server;

  public HttpVerticle(int instance, ServiceComponents components) {
    this.instance = instance;
    this.components = components;
  }

  @Override
  public Future<?> start() {
    components.instances().started(instance, Thread.currentThread().getName());
    lagProbe = new EventLoopLagProbe(vertx, components.config().metrics().lagProbeIntervalMs(), instance,
        components.instances(), components.meters().eventLoopLag(instance));
    HttpServerOptions options = new HttpServerOptions()
        .setHost(components.config().http().host())
        .setPort(components.config().http().port());
    return vertx.createHttpServer(options)
        .connectionHandler(connection -> components.instances().connectionAccepted(instance))
        .requestHandler(router())
        .listen()
        .onSuccess(listening -> {
          server = listening;
          lagProbe.start();
        });
  }

  /**
   * Stops accepting connections; open ones close once their in-flight request is answered, or after
   * {@code timeoutMs} at the latest.
   */
  public Future<Void> shutdownServer(long timeoutMs) {
    return server == null ? Future.succeededFuture() : server.shutdown(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<?> stop() {
    if (lagProbe != null) {
      lagProbe.stop();
    }
    return Future.succeededFuture();
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      components.instances().requestTaken(instance);
      if (components.lifecycle().draining() && ctx.request().version() != HttpVersion.HTTP_2) {
        // Tell HTTP/1.x clients not to reuse this connection: once the server shuts down, a request sent on an
        // idle keep-alive connection would meet a closed socket instead of an answer. (HTTP/2 forbids the header;
        // there the shutdown's GOAWAY does this.)
        ctx.response().putHeader("Connection", "close");
      }
      ctx.next();
    });
    // Answered here on the event loop: liveness must not depend on any pool.
    router.get("/health").handler(ctx -> json(ctx, new JsonObject().put("status", "up")));
    router.get("/ready").handler(new ReadyHandler(components));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(components.registry()));
    router.get("/stats").handler(new StatsHandler(components));
    if (components.adminOnServicePort() != null) {
      components.adminOnServicePort().mount(router);
    }
    WorkHandler work = new WorkHandler(instance, components);
    router.get("/work/:workload").handler(work);
    // No file uploads: a work request is a small JSON object, and the limit answers 413 before it is all read.
    router.post("/work/:workload")
        .handler(BodyHandler.create(false).setBodyLimit(components.config().http().maxBodyBytes()))
        .handler(work);
    // vertx-web answers some failures itself (a malformed URI is a 400 before any route runs): keep them JSON too.
    for (int status : new int[] {400, 404, 405, 414, 415, 431, 500}) {
      router.errorHandler(status, ctx -> ApiErrors.status(ctx, status));
    }
    router.errorHandler(413, this::bodyTooLarge);
    router.route().failureHandler(ctx -> {
      if (ctx.statusCode() == 413) {
        bodyTooLarge(ctx);
      } else {
        ApiErrors.status(ctx, ctx.statusCode() < 0 ? 500 : ctx.statusCode());
      }
    });
    return router;
  }

  private void bodyTooLarge(RoutingContext ctx) {
    ApiErrors.send(ctx, 413, new JsonObject().put("error", "payload_too_large").put("message",
        "the request body is above http.maxBodyBytes, " + components.config().http().maxBodyBytes() + " bytes"));
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }
}
