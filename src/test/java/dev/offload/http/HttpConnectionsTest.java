package dev.offload.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.config.ConfigParser;
import dev.offload.config.HttpSettings;
import dev.offload.workload.Workloads;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The listener's options keep every answer on its connection's event loop, written straight to the channel: Vert.x's
 * strict thread mode, without which each connection keeps an outbound queue of its own (about 4 KiB of heap) for
 * writes from other threads. Every other test of the service then runs with it, so a write from another thread would
 * fail there.
 */
class HttpConnectionsTest {

  @Test
  void theListenersWriteOnlyOnTheirEventLoops() {
    HttpSettings http = new ConfigParser(Workloads.builtIn())
        .parse(new JsonObject()).http();
    HttpServerOptions options = HttpConnections.options(http.host(), http.port(), http, null);
    assertTrue(options.getStrictThreadMode(), "strict thread mode");
  }
}
