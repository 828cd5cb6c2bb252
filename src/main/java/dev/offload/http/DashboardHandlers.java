package dev.offload.http;

import dev.offload.dashboard.StatsFeed;
import dev.offload.dashboard.WebAssets;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code GET /dashboard} (the live page and the files it loads, all from the jar) and {@code GET /stats/stream} (its
 * feed of server-sent events). Both answer 404 while {@code dashboard.enabled} is false, which may change at runtime.
 */
final class DashboardHandlers {
  // Read once: the page, its script and styles, and uPlot, with the content type each is served as.
  private static final Map<String, Asset> ASSETS = Map.of(
      "/dashboard", new Asset("text/html; charset=utf-8", WebAssets.own("dashboard/index.html")),
      "/dashboard/dashboard.js", new Asset("text/javascript; charset=utf-8", WebAssets.own("dashboard/dashboard.js")),
      "/dashboard/dashboard.css", new Asset("text/css; charset=utf-8", WebAssets.own("dashboard/dashboard.css")),
      "/dashboard/uPlot.iife.min.js", new Asset("text/javascript; charset=utf-8", WebAssets.uPlotScript()),
      "/dashboard/uPlot.min.css", new Asset("text/css; charset=utf-8", WebAssets.uPlotStyles()));
  // Everything the page uses comes from this origin; the stream too.
  private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private record Asset(String contentType, Buffer body) {
    Asset(String contentType, String text) {
      this(contentType, Buffer.buffer(text));
    }
  }

  private final ServiceComponents components;

  DashboardHandlers(ServiceComponents components) {
    this.components = components;
  }

  void mount(Router router) {
    for (String path : ASSETS.keySet()) {
      router.get(path).handler(this::asset);
    }
    router.get("/stats/stream").handler(this::stream);
  }

  private void asset(RoutingContext ctx) {
    if (!components.config().dashboard().enabled()) {
      ApiErrors.notFound(ctx);
      return;
    }
    Asset asset = ASSETS.get(ctx.request().path());
    ctx.response().putHeader("Content-Type", asset.contentType())
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        // A new build may change the files: a browser asks again after a minute.
        .putHeader("Cache-Control", "max-age=60")
        .end(asset.body());
  }

  private void stream(RoutingContext ctx) {
    StatsFeed feed = components.feed();
    if (!components.config().dashboard().enabled()) {
      ApiErrors.notFound(ctx);
    } else if (components.lifecycle().closing()) {
      ctx.response().putHeader("Retry-After", "1");
      ApiErrors.send(ctx, 503, new JsonObject().put("error", "draining")
          .put("message", "the service is shutting down; open the dashboard of another instance"));
    } else if (!feed.open(ctx.response())) {
      ctx.response().putHeader("Retry-After", "5");
      ApiErrors.send(ctx, 503, new JsonObject().put("error", "too_many_streams")
          .put("message", "dashboard.maxStreams (" + components.config().dashboard().maxStreams()
              + ") streams are open already"));
    }
  }
}
