package dev.offload.workload.db;

import dev.offload.workload.SettingsException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The db workload's section of the config, {@code workloads.db}.
 *
 * @param url the JDBC URL; by default a private in-memory H2 database
 * @param password the password itself, already read from {@code passwordEnv} when that is how it was given
 * @param rows how many orders the seeded table holds
 * @param seed whether offload creates and fills its table at start (off for a database the user seeded)
 */
public record DbSettings(String url, String user, String password, int poolSize, long connectionTimeoutMs,
    int queryTimeoutSeconds, int rows, boolean seed) {

  /** The keys of {@code workloads.db}; any other is refused. */
  public static final Set<String> KEYS = Set.of("url", "user", "password", "passwordEnv", "poolSize",
      "connectionTimeoutMs", "queryTimeoutSeconds", "rows", "seed");

  /** Reads and checks the section; {@code env} looks up environment variables (tests pass their own). */
  public static DbSettings from(Map<String, Object> section, java.util.function.Function<String, String> env) {
    for (String key : section.keySet()) {
      if (!KEYS.contains(key)) {
        throw new SettingsException(key, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(KEYS))
            + ")");
      }
    }
    String url = text(section, "url", null);
    if (url != null && !url.startsWith("jdbc:")) {
      throw new SettingsException("url", "must be a JDBC URL starting with jdbc:, e.g. "
          + "jdbc:postgresql://127.0.0.1:5432/offload");
    }
    if (section.containsKey("password") && section.containsKey("passwordEnv")) {
      throw new SettingsException("passwordEnv", "give password or passwordEnv, not both");
    }
    String password = text(section, "password", "");
    String passwordEnv = text(section, "passwordEnv", null);
    if (passwordEnv != null) {
      password = env.apply(passwordEnv);
      if (password == null) {
        throw new SettingsException("passwordEnv", "the environment variable " + passwordEnv + " is not set");
      }
    }
    // Each H2 default gets its own name: two services in one JVM (as in tests) must not share a database.
    String effectiveUrl = url != null ? url : "jdbc:h2:mem:offload-" + UUID.randomUUID();
    return new DbSettings(effectiveUrl, text(section, "user", url == null ? "sa" : ""), password,
        (int) integer(section, "poolSize", 10, 1, 1000),
        integer(section, "connectionTimeoutMs", 2000, 250, 600_000),
        (int) integer(section, "queryTimeoutSeconds", 30, 1, 3600),
        (int) integer(section, "rows", 100_000, 1, 10_000_000),
        bool(section, "seed", true));
  }

  /** True for the embedded default, which offload always seeds. */
  public boolean embedded() {
    return url.startsWith("jdbc:h2:mem:");
  }

  /** The URL without its query string or properties, which may hold credentials: what {@code /stats} shows. */
  public String redactedUrl() {
    int cut = url.length();
    for (char c : new char[] {'?', ';'}) {
      int at = url.indexOf(c);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    return url.substring(0, cut);
  }

  private static String text(Map<String, Object> s, String key, String fallback) {
    Object v = s.get(key);
    if (v == null) {
      if (s.containsKey(key)) {
        throw new SettingsException(key, "must not be null");
      }
      return fallback;
    }
    if (!(v instanceof String)) {
      throw new SettingsException(key, "must be a string");
    }
    return (String) v;
  }

  private static long integer(Map<String, Object> s, String key, long fallback, long min, long max) {
    Object v = s.get(key);
    if (v == null) {
      if (s.containsKey(key)) {
        throw new SettingsException(key, "must not be null");
      }
      return fallback;
    }
    if (!(v instanceof Integer || v instanceof Long)) {
      throw new SettingsException(key, "must be a whole number in " + min + ".." + max);
    }
    long value = ((Number) v).longValue();
    if (value < min || value > max) {
      throw new SettingsException(key, "must be in " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  private static boolean bool(Map<String, Object> s, String key, boolean fallback) {
    Object v = s.get(key);
    if (v == null) {
      if (s.containsKey(key)) {
        throw new SettingsException(key, "must not be null");
      }
      return fallback;
    }
    if (!(v instanceof Boolean)) {
      throw new SettingsException(key, "must be true or false");
    }
    return (Boolean) v;
  }
}
