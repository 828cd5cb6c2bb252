package dev.offload.load;

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

  /** As reports show it, e.g. {@code GET /work/cpu?iterations=5} or {@code POST /work/hash}. */
  @Override
  public String toString() {
    return (post() ? "POST " : "GET ") + uri;
  }
}
