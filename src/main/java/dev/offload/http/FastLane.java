package dev.offload.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.http.HttpServerRequestInternal;

/**
 * The two requests a load sends most, {@code GET /health} and {@code GET /work/<route>}, answered without
 * vertx-web's router: matching every route, parsing the path parameter and building a routing context cost more
 * than /health's whole answer. Only a plain request takes the lane, one whose answer the router would give the
 * same way (a path without escapes, a valid authority); anything else goes on to the router as before.
 */
final class FastLane {
  private static final String WORK_PREFIX = "/work/";
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
  private static final Buffer HEALTH_BODY = Buffer.buffer("{\"status\":\"up\"}");

  private final WorkHandler work;

  /** @param work the handler of work requests, or null on a node that serves none (a worker) */
  FastLane(WorkHandler work) {
    this.work = work;
  }

  /** Answers the request and returns true, or returns false and leaves it to the router. */
  boolean handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET
        // The router answers a missing or bad Host (:authority) with 400 before any route: it keeps doing so.
        || !(request instanceof HttpServerRequestInternal)
        || (request.version() != HttpVersion.HTTP_1_0 && !((HttpServerRequestInternal) request).isValidAuthority())) {
      return false;
    }
    String path = request.path();
    if (path.equals("/health")) {
      health(request);
      return true;
    }
    if (work != null && path.startsWith(WORK_PREFIX) && isRouteName(path, WORK_PREFIX.length())) {
      try {
        work.handleGet(request, path.substring(WORK_PREFIX.length()));
      } catch (RuntimeException e) {
        // A failure of ours: a 500 with an id, as the router answers one.
        ApiErrors.internal(request, e);
      }
      return true;
    }
    return false;
  }

  /** {@code /health}'s answer, here on the event loop: liveness must not depend on any pool. */
  static void health(HttpServerRequest request) {
    request.response().putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(HEALTH_BODY);
  }

  /**
   * True when the path from {@code start} on could be a route's name as the config allows it
   * ({@code [A-Za-z0-9][A-Za-z0-9._-]*}): no escape to decode, no dot segment to normalise, no further segment.
   * An unknown name of that form is the work handler's 404, as through the router.
   */
  private static boolean isRouteName(String path, int start) {
    if (start >= path.length() || !isLetterOrDigit(path.charAt(start))) {
      return false;
    }
    for (int i = start + 1; i < path.length(); i++) {
      char c = path.charAt(i);
      if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
