package dev.offload.load;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Objects;

/** One request a load sends: a GET of {@code uri}, or a POST of a JSON {@code body} to it. */
public record LoadRequest(String uri, String jsonBody) {

  public LoadRequest {
    Objects.requireNonNull(uri, "uri");
  }

  public static LoadRequest get(String uri) {
    return new LoadRequest(uri, null);
  }

  public static LoadRequest postJson(String uri, String jsonBody) {
    return new LoadRequest(uri, Objects.requireNonNull(jsonBody, "jsonBody"));
  }

  public boolean post() {
    return jsonBody != null;
  }

  /** Request options for this request to {@code host:port}: method, URI and, for a POST, the JSON content type. */
  public RequestOptions options(String host, int port) {
    RequestOptions options = new RequestOptions().setMethod(post() ? HttpMethod.POST : HttpMethod.GET)
        .setHost(host).setPort(port).setURI(uri);
    if (post()) {
      options.addHeader("Content-Type", "application/json");
    }
    return options;
  }

  /** Sends {@code request}, with the body when there is one. */
  public Future<HttpClientResponse> send(HttpClientRequest request) {
    return post() ? request.send(jsonBody) : request.send();
  }

  /** As reports show it, e.g. {@code GET /work/cpu?iterations=5} or {@code POST /work/hash}. */
  @Override
  public String toString() {
    return (post() ? "POST " : "GET ") + uri;
  }
}
