package dev.offload.config;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The config a running service applies, with its version (1 at start, one more per applied change), when it took
 * effect and where it came from (e.g. {@code start: conf/config.json}, {@code admin PUT from 127.0.0.1}).
 */
public record AppliedConfig(OffloadConfig config, long version, long changedAtMillis, String changedBy) {

  /** {@code {"version", "changedAt", "changedBy"}}, as {@code /stats} and the admin API show it. */
  public JsonObject summary() {
    return new JsonObject().put("version", version)
        .put("changedAt", Instant.ofEpochMilli(changedAtMillis).toString())
        .put("changedBy", changedBy);
  }
}
