package dev.offload.compare;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts the child JVMs a comparison measures, through {@code mainClass}, the command line that serves a config (the
 * CLI passes its own class: compare does not know the CLI).
 */
public record ServiceLauncher(String mainClass) {

  /**
   * A service on a free loopback port, its config written beside its log; with an {@code adminToken} its admin API
   * shares that port and takes the token (passed in its environment, never written to a file).
   */
  ChildService serve(JsonObject config, Path dir, String name, String adminToken) throws IOException {
    return ChildService.start(config, dir, name, adminToken, "serve", mainClass);
  }

  /** A cluster's worker node. */
  ChildService worker(JsonObject config, Path dir, String name) throws IOException {
    return ChildService.start(config, dir, name, null, "worker", mainClass);
  }
}
