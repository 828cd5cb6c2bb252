package dev.offload.admin;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** The dotted keys whose values differ between two configs, for the log line of every change. */
final class ConfigDiff {
  private ConfigDiff() {
  }

  /** E.g. {@code routes.cpu.strategy: "worker-pool" -> "execute-blocking"}; secrets show as masked. */
  static List<String> describe(JsonObject before, JsonObject after) {
    List<String> out = new ArrayList<>();
    diff("", Secrets.redacted(before), Secrets.redacted(after), out);
    return out;
  }

  private static void diff(String prefix, JsonObject a, JsonObject b, List<String> out) {
    TreeSet<String> keys = new TreeSet<>(a.fieldNames());
    keys.addAll(b.fieldNames());
    for (String key : keys) {
      Object x = a.getValue(key);
      Object y = b.getValue(key);
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      if (x instanceof JsonObject && y instanceof JsonObject) {
        diff(path, (JsonObject) x, (JsonObject) y, out);
      } else if (!Objects.equals(x, y)) {
        out.add(path + ": " + show(x) + " -> " + show(y));
      }
    }
  }

  private static String show(Object v) {
    if (v == null) {
      return "(absent)";
    }
    return v instanceof String ? "\"" + v + "\"" : String.valueOf(v instanceof JsonObject ? ((JsonObject) v).encode()
        : v);
  }
}
