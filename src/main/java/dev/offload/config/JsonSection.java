package dev.offload.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, path-aware reads from one JSON object of the config file.
 *
 * <p>Every read names the full dotted key in its error, and {@link #rejectUnknown} turns a typo into an error
 * instead of a silently ignored setting.
 */
final class JsonSection {
  private final String path;
  private final JsonObject json;

  JsonSection(String path, JsonObject json) {
    this.path = path;
    this.json = json == null ? new JsonObject() : json;
  }

  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    return json.containsKey(name);
  }

  Set<String> names() {
    return json.fieldNames();
  }

  void rejectUnknown(Set<String> allowed) {
    for (String name : json.fieldNames()) {
      if (!allowed.contains(name)) {
        throw new ConfigException(key(name), "unknown key (allowed here: " + String.join(", ", allowed) + ")");
      }
    }
  }

  /** A child object; absent means empty, so every key inside takes its default. */
  JsonSection section(String name) {
    Object value = present(name, "an object");
    if (value == null) {
      return new JsonSection(key(name), new JsonObject());
    }
    if (!(value instanceof JsonObject)) {
      throw wrongType(name, "an object", value);
    }
    return new JsonSection(key(name), (JsonObject) value);
  }

  /** A copy of the raw values, for a part of the config that another class validates (a workload's settings). */
  Map<String, Object> rawCopy() {
    return json.copy().getMap();
  }

  /** Child objects in file order, keyed by their names. */
  Map<String, JsonSection> sections() {
    Map<String, JsonSection> out = new LinkedHashMap<>();
    for (String name : json.fieldNames()) {
      out.put(name, section(name));
    }
    return out;
  }

  int intIn(String name, int fallback, long min, long max) {
    Object value = present(name, "a whole number");
    if (value == null) {
      return fallback;
    }
    return (int) checkRange(name, integral(name, value), min, max);
  }

  long longIn(String name, long fallback, long min, long max) {
    Object value = present(name, "a whole number");
    if (value == null) {
      return fallback;
    }
    return checkRange(name, integral(name, value), min, max);
  }

  double doubleIn(String name, double fallback, double min, double max) {
    Object value = present(name, "a number");
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number)) {
      throw wrongType(name, "a number", value);
    }
    double d = ((Number) value).doubleValue();
    if (!(d >= min && d <= max)) {
      throw new ConfigException(key(name), value + " is out of range " + min + ".." + max);
    }
    return d;
  }

  String string(String name, String fallback) {
    Object value = present(name, "a string");
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String)) {
      throw wrongType(name, "a string", value);
    }
    return (String) value;
  }

  /** A JSON array of strings, or {@code fallback} when the key is absent. */
  List<String> strings(String name, List<String> fallback) {
    Object value = present(name, "an array of strings");
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof JsonArray)) {
      throw wrongType(name, "an array of strings", value);
    }
    List<String> out = new ArrayList<>();
    JsonArray array = (JsonArray) value;
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String)) {
        throw new ConfigException(key(name) + "[" + i + "]", "must be a string, got " + describe(array.getValue(i)));
      }
      out.add(array.getString(i));
    }
    return List.copyOf(out);
  }

  boolean bool(String name, boolean fallback) {
    Object value = present(name, "true or false");
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean)) {
      throw wrongType(name, "true or false", value);
    }
    return (Boolean) value;
  }

  /** The value, or null when the key is absent; an explicit JSON null is refused, never read as "the default". */
  private Object present(String name, String expected) {
    Object value = json.getValue(name);
    if (value == null && json.containsKey(name)) {
      throw new ConfigException(key(name), "must be " + expected + ", got null (leave the key out for the default)");
    }
    return value;
  }

  private long integral(String name, Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number) {
      double d = ((Number) value).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
        return (long) d;
      }
    }
    throw wrongType(name, "a whole number", value);
  }

  private long checkRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ConfigException(key(name), value + " is out of range " + min + ".." + max);
    }
    return value;
  }

  private ConfigException wrongType(String name, String expected, Object value) {
    return new ConfigException(key(name), "must be " + expected + ", got " + describe(value));
  }

  private static String describe(Object value) {
    if (value instanceof String) {
      return "the string \"" + value + "\"";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    if (value instanceof Boolean) {
      return "the boolean " + value;
    }
    return String.valueOf(value);
  }
}
