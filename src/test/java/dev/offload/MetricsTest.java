package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /metrics carries Vert.x's HTTP and pool metrics and offload's own meters, in Prometheus text format. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class MetricsTest {
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Test
  void scrapeShowsVertxAndOffloadMeters(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestService.config(1);
    config.getJsonObject("routes").put("cpu", TestService.route("worker-pool").put("pool", "cpu"));
    HttpClient client = vertx.createHttpClient();
    service.start(config)
        .compose(server -> Http.get(client, server.port(), "/work/cpu?iterations=10")
            .compose(ok -> Http.get(client, server.port(), "/work/cpu?iterations=0"))
            .compose(bad -> Http.get(client, server.port(), "/work/sleep?ms=1"))
            // Let the lag probe fire a few times (every 50 ms by default).
            .compose(sleep -> vertx.timer(300))
            .compose(waited -> Http.get(client, server.port(), "/metrics")))
        .onComplete(ctx.succeeding(scrape -> ctx.verify(() -> {
          assertEquals(200, scrape.status());
          assertTrue(scrape.contentType().startsWith("text/plain"), scrape.contentType());
          String text = scrape.body();
          for (String expected : new String[] {
              "offload_requests_total{instance=\"0\",outcome=\"ok\",route=\"cpu\",strategy=\"worker-pool\"} 1.0",
              "offload_requests_total{instance=\"0\",outcome=\"bad_request\",route=\"cpu\",strategy=\"worker-pool\"} 1.0",
              "offload_requests_total{instance=\"0\",outcome=\"ok\",route=\"sleep\",strategy=\"execute-blocking\"} 1.0",
              "offload_queue_wait_seconds_count{instance=\"0\",route=\"cpu\",strategy=\"worker-pool\"} 1",
              "offload_service_seconds_count{instance=\"0\",route=\"sleep\",strategy=\"execute-blocking\"} 1",
              "offload_service_seconds_bucket{instance=\"0\",route=\"cpu\",strategy=\"worker-pool\",le=",
              "offload_event_loop_lag_seconds_bucket{instance=\"0\",le=",
              "offload_pool_completed_total{pool=\"cpu\"} 1.0",
              "offload_pool_completed_total{pool=\"default\"} 1.0",
              "offload_pool_queued{pool=\"cpu\"} 0.0",
              // The client's kept-alive connections: how many it opened is its own affair; none was closed by a limit.
              "offload_http_connections_open ",
              "offload_http_connections_accepted_total ",
              "offload_http_connections_closed_total{reason=\"idle\"} 0.0",
              "offload_http_connections_closed_total{reason=\"requestTimeout\"} 0.0",
              "offload_http_connections_closed_total{reason=\"overLimit\"} 0.0",
              "vertx_http_server_requests_total{code=\"200\",method=\"GET\"} 2.0",
              "vertx_http_server_requests_total{code=\"400\",method=\"GET\"} 1.0",
              // Vert.x's own count also holds the worker verticles' start-up tasks, so only its presence is fixed.
              "vertx_pool_completed_total{pool_name=\"offload-cpu\",pool_type=\"worker\"} ",
              "vertx_pool_in_use{pool_name=\"offload-cpu\",pool_type=\"worker\"} 0.0"}) {
            assertTrue(text.contains(expected), "missing " + expected + "\n" + text);
          }
          ctx.completeNow();
        })));
  }
}
