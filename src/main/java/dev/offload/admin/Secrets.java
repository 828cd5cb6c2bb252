package dev.offload.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Hides secret values (keys naming a password, secret or token) from the config the admin API shows, and puts
 * them back when a config sent in still carries the mask, so that GET, edit, PUT keeps the secrets.
 */
final class Secrets {
  static final String MASK = "***";

  private Secrets() {
  }

  static JsonObject redacted(JsonObject config) {
    JsonObject out = config.copy();
    redact(out);
    return out;
  }

  /** {@code incoming} with every masked secret replaced by the value at the same key in {@code current}. */
  static JsonObject restored(JsonObject incoming, JsonObject current) {
    JsonObject out = incoming.copy();
    restore(out, current);
    return out;
  }

  static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    // tokenFile and passwordEnv name where a secret is, not the secret.
    return (k.contains("password") || k.contains("secret") || k.contains("token")) && !k.endsWith("file")
        && !k.endsWith("env");
  }

  private static void redact(JsonObject json) {
    for (String key : json.fieldNames()) {
      Object value = json.getValue(key);
      if (value instanceof JsonObject) {
        redact((JsonObject) value);
      } else if (value instanceof JsonArray) {
        for (Object item : (JsonArray) value) {
          if (item instanceof JsonObject) {
            redact((JsonObject) item);
          }
        }
      } else if (value != null && isSecret(key)) {
        json.put(key, MASK);
      }
    }
  }

  private static void restore(JsonObject incoming, JsonObject current) {
    for (String key : incoming.fieldNames()) {
      Object value = incoming.getValue(key);
      Object was = current == null ? null : current.getValue(key);
      if (value instanceof JsonObject) {
        restore((JsonObject) value, was instanceof JsonObject ? (JsonObject) was : null);
      } else if (MASK.equals(value) && isSecret(key) && was != null) {
        incoming.put(key, was);
      }
    }
  }
}
