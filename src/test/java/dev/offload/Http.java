package dev.offload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/** A tiny HTTP client for tests: one request, its status, headers and body, and when it finished. */
final class Http {
  private Http() {
  }

  /** What came back, with the time in ms from send to the end of the body. */
  record Reply(int status, String contentType, String body, double elapsedMs) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** A client that opens a new connection for every request (so requests land on instances round-robin). */
  static HttpClient freshConnections(Vertx vertx) {
    return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  static Future<Reply> get(HttpClient client, int port, String uri) {
    return send(client, HttpMethod.GET, port, uri);
  }

  /** A POST with the given body and Content-Type (null sends none). */
  static Future<Reply> post(HttpClient client, int port, String uri, String contentType, String body) {
    long start = System.nanoTime();
    return client.request(HttpMethod.POST, port, "127.0.0.1", uri)
        .compose(req -> {
          if (contentType != null) {
            req.putHeader("Content-Type", contentType);
          }
          return req.send(body);
        })
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.getHeader("Content-Type"),
            b.toString(), (System.nanoTime() - start) / 1e6)));
  }

  /** A POST of a JSON object. */
  static Future<Reply> postJson(HttpClient client, int port, String uri, JsonObject body) {
    return post(client, port, uri, "application/json", body.encode());
  }

  static Future<Reply> send(HttpClient client, HttpMethod method, int port, String uri) {
    long start = System.nanoTime();
    return client.request(method, port, "127.0.0.1", uri)
        .compose(req -> req.send()
            .compose(resp -> resp.body().map(body -> new Reply(resp.statusCode(),
                resp.getHeader("Content-Type"), body.toString(), (System.nanoTime() - start) / 1e6))));
  }
}
