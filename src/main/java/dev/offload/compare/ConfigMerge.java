package dev.offload.compare;

import io.vertx.core.json.JsonObject;

/**
 * Merges a partial offload config over a base: objects merge key by key, anything else replaces; a route
 * ({@code routes.<name>}) is replaced whole, since half of one strategy's settings and half of another's would
 * make no valid route.
 */
final class ConfigMerge {
  private ConfigMerge() {
  }

  static JsonObject merge(JsonObject base, JsonObject over) {
    return merge(base, over, "");
  }

  private static JsonObject merge(JsonObject base, JsonObject over, String path) {
    JsonObject out = base.copy();
    for (String key : over.fieldNames()) {
      Object value = over.getValue(key);
      Object existing = out.getValue(key);
      if (value instanceof JsonObject && existing instanceof JsonObject && !path.equals("routes")) {
        out.put(key, merge((JsonObject) existing, (JsonObject) value, path.isEmpty() ? key : path + "." + key));
      } else {
        out.put(key, value instanceof JsonObject ? ((JsonObject) value).copy() : value);
      }
    }
    return out;
  }
}
