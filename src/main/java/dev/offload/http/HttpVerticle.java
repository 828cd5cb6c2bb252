package dev.offload.http;

import dev.offload.config.HttpSettings;
import dev.offload.metrics.EventLoopLagProbe;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
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
  private HttpConnections connections;
  private HttpServer server;
  // Touched only on this instance's event loop.
  private long closingSweep = -1;

  public HttpVerticle(int instance, ServiceComponents components) {
    this.instance = instance;
    this.components = components;
  }

  @Override
  public Future<?> start() {
    components.instances().started(instance, Thread.currentThread().getName());
    lagProbe = new EventLoopLagProbe(vertx, components.config().metrics().lagProbeIntervalMs(), instance,
        components.instances(), components.meters().eventLoopLag(instance));
    HttpSettings http = components.config().http();
    HttpServerOptions options = HttpConnections.options(http.host(), http.port(), http, http.tls());
    connections = new HttpConnections(http, options, components.connections(), components.lifecycle(),
        components.listeningPort());
    return vertx.createHttpServer(options)
        .connectionHandler(connection -> {
          components.instances().connectionAccepted(instance);
          connections.accept(connection);
        })
        .invalidRequestHandler(connections::malformed)
        .requestHandler(requestHandler())
        .listen()
        .onSuccess(listening -> {
          server = listening;
          lagProbe.start();
        });
  }

  /**
   * The drain's closing phase on this instance's connections: each HTTP/1.x request on them is answered with
   * {@code Connection: close}, and a connection closes after that answer or once it has idled between requests.
   */
  public void startClosing() {
    // On this instance's event loop, where its connections live.
    context.runOnContext(v -> closingSweep = connections.startClosing(vertx));
  }

  /**
   * Lets go of the port without dropping the open connections (see {@link #startClosing}); HTTP/2 connections get
   * Vert.x's GOAWAY. Whatever is open after {@code timeoutMs} is closed. Runs on this instance's event loop, queued
   * after any connection accepted before the port closed (see {@link ListeningPort}), so that one is still taken.
   */
  public Future<Void> shutdownServer(long timeoutMs) {
    if (server == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> server.shutdown(timeoutMs, TimeUnit.MILLISECONDS).onComplete(done -> {
      vertx.cancelTimer(closingSweep);
      closed.handle(done);
    }));
    return closed.future();
  }

  @Override
  public Future<?> stop() {
    if (lagProbe != null) {
      lagProbe.stop();
    }
    return Future.succeededFuture();
  }

  /** Every request is counted, then answered by the fast lane or, when it is not one of its two, the router. */
  private Handler<HttpServerRequest> requestHandler() {
    WorkHandler work = components.servesWork() ? new WorkHandler(instance, components) : null;
    FastLane fastLane = new FastLane(work);
    Router router = router(work);
    return request -> {
      components.instances().requestTaken(instance);
      if (!fastLane.handle(request)) {
        router.handle(request);
      }
    };
  }

  private Router router(WorkHandler work) {
    Router router = Router.router(vertx);
    // GET /health as written takes the fast lane; forms the router normalises (/./health) still come here.
    router.get("/health").handler(ctx -> FastLane.health(ctx.request()));
    router.get("/ready").handler(new ReadyHandler(components));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(components.registry()));
    router.get("/stats").handler(new StatsHandler(components));
    new DashboardHandlers(components).mount(router);
    if (components.extraRoutes() != null) {
      components.extraRoutes().mount(router);
    }
    if (work != null) {
      // The GETs the fast lane leaves (a %-escaped name, say) come here.
      router.get("/work/:workload").handler(work);
      // No file uploads: a work request is a small JSON object, and the limit answers 413 before it is all read.
      router.post("/work/:workload")
          .handler(BodyHandler.create(false).setBodyLimit(components.config().http().maxBodyBytes()))
          .handler(work);
    }
    ApiErrors.answerRefusalsInJson(router, 400, 404, 414, 415, 431, 500);
    router.errorHandler(405,
        ctx -> ApiErrors.methodNotAllowed(ctx, AllowedMethods.of(ctx.request().path(), components.state())));
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
}
