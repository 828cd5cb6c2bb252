package dev.offload.config;

/**
 * The config a running service applies, with its version (1 at start, one more per applied change), when it took
 * effect and where it came from (e.g. {@code start: conf/config.json}, {@code admin PUT from 127.0.0.1}).
 */
public record AppliedConfig(OffloadConfig config, long version, long changedAtMillis, String changedBy) {
}
