package dev.offload.admin;

import dev.offload.config.AppliedConfig;
import dev.offload.service.CurrentState;
import dev.offload.http.ApiErrors;
import dev.offload.http.JsonBody;
import dev.offload.http.RouterMount;
import dev.offload.workload.BadParameterException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code /admin}: read and change the running config, move one route, start a drain. Every call needs the bearer
 * token; with no token configured every call is 404, so the API is never open.
 */
public final class AdminApi implements RouterMount {
  private static final Logger LOG = Logger.getLogger(AdminApi.class.getName());
  private static final long MAX_BODY_BYTES = 1 << 20;

  private final Optional<AdminToken> token;
  private final CurrentState current;
  private final ConfigApplier applier;
  private final Runnable drain;

  /** @param drain starts the graceful stop that {@code POST /admin/drain} asks for */
  public AdminApi(Optional<AdminToken> token, CurrentState current, ConfigApplier applier, Runnable drain) {
    this.token = token;
    this.current = current;
    this.applier = applier;
    this.drain = drain;
  }

  /** Adds the admin routes to {@code router} (the admin listener's own, or the service's when they share a port). */
  @Override
  public void mount(Router router) {
    router.route("/admin/*").handler(this::authenticate);
    router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.get("/admin/config").handler(this::getConfig);
    router.put("/admin/config").handler(this::putConfig);
    router.patch("/admin/routes/:name").handler(this::patchRoute);
    router.post("/admin/drain").handler(this::drain);
    // The body limit is the admin API's own on either listener: the service's 413 would name http.maxBodyBytes, and
    // the admin listener's router would answer vertx-web's plain text.
    router.route("/admin/*").failureHandler(ctx -> {
      if (ctx.statusCode() == 413) {
        ApiErrors.send(ctx, 413, new JsonObject().put("error", "payload_too_large")
            .put("message", "an admin request body is above " + MAX_BODY_BYTES + " bytes"));
      } else {
        ctx.next();
      }
    });
  }

  private void authenticate(RoutingContext ctx) {
    if (token.isEmpty()) {
      ApiErrors.send(ctx, 404, new JsonObject().put("error", "not_found").put("message",
          "the admin API is off: set " + AdminToken.ENV + " or admin.tokenFile to turn it on"));
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).strip() : null;
    if (!token.get().matches(presented)) {
      LOG.warning("admin: " + ctx.request().method() + " " + ctx.request().path() + " from "
          + ctx.request().remoteAddress() + " refused: " + (header == null ? "no token" : "wrong token"));
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"offload-admin\"");
      ApiErrors.send(ctx, 401, new JsonObject().put("error", "unauthorized").put("message",
          header == null ? "send Authorization: Bearer <token>" : "the token is wrong"));
      return;
    }
    ctx.next();
  }

  private void getConfig(RoutingContext ctx) {
    AppliedConfig applied = current.get().applied();
    ApiErrors.send(ctx, 200, applied.summary().put("config", Secrets.redacted(applied.config().source())));
  }

  private void putConfig(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    if (body != null) {
      apply(ctx, body, "admin PUT /admin/config from " + ctx.request().remoteAddress().hostAddress());
    }
  }

  /** Replaces one route whole (strategy, and pool or ordered as the strategy takes them) in the running config. */
  private void patchRoute(RoutingContext ctx) {
    JsonObject route = jsonBody(ctx);
    if (route == null) {
      return;
    }
    String name = ctx.pathParam("name");
    JsonObject next = current.get().applied().config().source().copy();
    JsonObject routes = next.getJsonObject("routes") instanceof JsonObject ? next.getJsonObject("routes")
        : new JsonObject();
    next.put("routes", routes.put(name, route));
    apply(ctx, next, "admin PATCH /admin/routes/" + name + " from " + ctx.request().remoteAddress().hostAddress());
  }

  private void drain(RoutingContext ctx) {
    LOG.info("admin: drain asked from " + ctx.request().remoteAddress().hostAddress());
    AppliedConfig applied = current.get().applied();
    ApiErrors.send(ctx, 202, new JsonObject().put("draining", true)
        .put("graceMs", applied.config().shutdown().graceMs())
        .put("timeoutMs", applied.config().shutdown().timeoutMs()));
    // After the answer is written: the drain stops taking requests, this one included.
    ctx.vertx().runOnContext(v -> drain.run());
  }

  private void apply(RoutingContext ctx, JsonObject config, String changedBy) {
    applier.apply(config, changedBy).onComplete(result -> {
      if (result.succeeded()) {
        ApiErrors.send(ctx, 200, result.result().summary());
      } else if (result.cause() instanceof ConfigChangeException) {
        ConfigChangeException e = (ConfigChangeException) result.cause();
        ApiErrors.send(ctx, e.status(), new JsonObject().put("error", e.error()).put("key", e.key())
            .put("message", e.getMessage()).put("version", current.get().applied().version()));
      } else {
        ApiErrors.internal(ctx, result.cause());
      }
    });
  }

  /** The body as a JSON object, or null after answering 415/400 for anything else. */
  private static JsonObject jsonBody(RoutingContext ctx) {
    try {
      return JsonBody.object(ctx);
    } catch (BadParameterException | JsonBody.UnsupportedMediaType e) {
      ApiErrors.refused(ctx, e);
      return null;
    }
  }
}
