package dev.offload.http;

import dev.offload.workload.BadParameterException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Writes every error the service gives as JSON, so clients never see an HTML page or a stack trace. */
public final class ApiErrors {
  // Made once: a header value given as a String is checked character by character on every answer.
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
  private static final Logger LOG = Logger.getLogger(ApiErrors.class.getName());

  private ApiErrors() {
  }

  public static void badRequest(RoutingContext ctx, String param, String message) {
    badRequest(ctx.request(), param, message);
  }

  static void badRequest(HttpServerRequest request, String param, String message) {
    send(request, 400, badRequestBody(param, message));
  }

  /** The body of a 400: {@code {"error":"bad_request","message":…,"param":…}}, the param left out when null. */
  static JsonObject badRequestBody(String param, String message) {
    JsonObject body = new JsonObject().put("error", "bad_request").put("message", message);
    return param == null ? body : body.put("param", param);
  }

  /** A 405 with the {@code Allow} header the path takes (RFC 9110 §15.5.6 requires it). */
  static void methodNotAllowed(RoutingContext ctx, String allow) {
    ctx.response().putHeader("Allow", allow);
    methodNotAllowed(ctx);
  }

  /** A request refused for its parameters (400 naming one) or for a body that is not JSON (415). */
  public static void refused(RoutingContext ctx, RuntimeException e) {
    refused(ctx.request(), e);
  }

  static void refused(HttpServerRequest request, RuntimeException e) {
    if (e instanceof BadParameterException) {
      badRequest(request, ((BadParameterException) e).param(), e.getMessage());
    } else {
      send(request, 415, new JsonObject().put("error", "unsupported_media_type").put("message", e.getMessage()));
    }
  }

  public static void notFound(RoutingContext ctx) {
    notFound(ctx.request());
  }

  static void notFound(HttpServerRequest request) {
    send(request, 404, new JsonObject().put("error", "not_found")
        .put("message", "no such path: " + request.path()));
  }

  public static void methodNotAllowed(RoutingContext ctx) {
    send(ctx, 405, new JsonObject().put("error", "method_not_allowed")
        .put("message", ctx.request().method() + " is not allowed on " + ctx.request().path()));
  }

  /** A failure of ours: the client gets an id, the log gets the stack trace under that id. */
  public static void internal(RoutingContext ctx, Throwable failure) {
    internal(ctx.request(), failure);
  }

  static void internal(HttpServerRequest request, Throwable failure) {
    String id = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "internal error " + id + " on " + request.method() + " " + request.uri(), failure);
    send(request, 500, new JsonObject().put("error", "internal").put("id", id)
        .put("message", "internal error; the server log has the details under this id"));
  }

  /**
   * Makes {@code router}'s own refusals JSON: vertx-web answers some failures before any route runs (a malformed URI
   * is a 400) or after a handler failed, in plain text unless told otherwise.
   */
  static void answerRefusalsInJson(Router router, int... statuses) {
    for (int status : statuses) {
      router.errorHandler(status, ctx -> status(ctx, status));
    }
  }

  /** Any other status a handler or vertx-web itself failed with (e.g. 413), still as JSON. */
  public static void status(RoutingContext ctx, int status) {
    if (status == 404) {
      notFound(ctx);
      return;
    }
    if (status == 405) {
      methodNotAllowed(ctx);
      return;
    }
    if (status == 400) {
      refusedBeforeHandler(ctx);
      return;
    }
    if ((status >= 500 || status < 400) && !ctx.request().isEnded()) {
      // Failed while the body was still arriving (vertx-web's BodyHandler reports that with status 200).
      bodyNotRead(ctx);
      return;
    }
    if (status >= 500 || status < 400) {
      internal(ctx, ctx.failure() != null ? ctx.failure() : new IllegalStateException("failed with " + status));
      return;
    }
    String message = failureMessage(ctx, "");
    send(ctx, status, new JsonObject().put("error", errorName(status))
        .put("message", message.isEmpty() ? "request refused with status " + status : message));
  }

  /**
   * What vertx-web refuses with 400 before a handler runs: a Host header missing on HTTP/1.1 or not a valid
   * host[:port], a %-escape in the path or query string that does not decode, or a body the decoder could not read.
   * The answer names which.
   */
  private static void refusedBeforeHandler(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.version() == HttpVersion.HTTP_1_1 && request.authority() == null) {
      String host = request.getHeader("Host");
      badRequest(ctx, "Host", "an HTTP/1.1 request needs a Host header holding host[:port], got "
          + (host == null ? "none" : "\"" + host + "\""));
    } else if (badEscape(request.path())) {
      badRequest(ctx, "path", "malformed request URI: a % in the path does not start a two-digit hex escape");
    } else if (badEscape(request.query())) {
      badRequest(ctx, "query", "malformed query string: a % does not start a two-digit hex escape");
    } else if (!request.isEnded()) {
      bodyNotRead(ctx);
    } else {
      badRequest(ctx, "path", "malformed request URI" + failureMessage(ctx, ": "));
    }
  }

  /**
   * A request that failed while its body was still arriving: the body broke off (the client left, the idle timeout
   * closed it) or could not be decoded (bad chunked framing). The client's doing, not ours: no stack trace in the
   * log, and a 400 if the connection can still carry one.
   */
  private static void bodyNotRead(RoutingContext ctx) {
    LOG.log(Level.FINE, "request body not read", ctx.failure());
    badRequest(ctx, "body", "the request body could not be read" + failureMessage(ctx, ": "));
  }

  private static String failureMessage(RoutingContext ctx, String prefix) {
    return ctx.failure() != null && ctx.failure().getMessage() != null ? prefix + ctx.failure().getMessage() : "";
  }

  /** True when a % in the raw text is not followed by two hex digits. */
  private static boolean badEscape(String raw) {
    if (raw == null) {
      return false;
    }
    for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
      if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String errorName(int status) {
    switch (status) {
      case 400: return "bad_request";
      case 404: return "not_found";
      case 405: return "method_not_allowed";
      case 413: return "payload_too_large";
      case 414: return "uri_too_long";
      case 431: return "headers_too_large";
      case 415: return "unsupported_media_type";
      case 417: return "expectation_failed";
      default: return "client_error";
    }
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    send(ctx.request(), status, body);
  }

  static void send(HttpServerRequest request, int status, JsonObject body) {
    send(request, status, () -> Buffer.buffer(JsonWriter.encode(body)));
  }

  /**
   * Answers with the JSON text {@code json} writes, if the response can still take an answer; a value JSON cannot
   * hold (a plug-in's result of some odd type) is our failure, not the client's: a 500.
   */
  static void send(HttpServerRequest request, int status, Supplier<Buffer> json) {
    if (!answerable(request.response())) {
      return;
    }
    Buffer encoded;
    try {
      encoded = json.get();
    } catch (RuntimeException e) {
      internal(request, new IllegalStateException("the answer cannot be written as JSON: " + e.getMessage(), e));
      return;
    }
    sendEncoded(request.response(), status, encoded);
  }

  /**
   * True when an answer can still be sent; false when the client has gone (nothing to do) or a response had begun
   * (it is reset: closing tells the client that response is incomplete).
   */
  static boolean answerable(HttpServerResponse response) {
    if (response.closed()) {
      return false;
    }
    if (response.headWritten()) {
      response.reset();
      return false;
    }
    return true;
  }

  /** Sends a JSON text already written, on a response {@link #answerable} said can take it. */
  private static void sendEncoded(HttpServerResponse response, int status, Buffer encoded) {
    try {
      response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(encoded);
    } catch (RuntimeException e) {
      // Either the connection went away under us (nothing more can reach the client), or, an IllegalStateException,
      // our own mistake: an answer written from a thread other than its connection's event loop (which Vert.x's
      // strict thread mode refuses) or a second answer. Resetting frees the stream; the client gets no answer.
      LOG.log(e instanceof IllegalStateException ? Level.WARNING : Level.FINE, "could not send a " + status, e);
      response.reset();
    }
  }
}
