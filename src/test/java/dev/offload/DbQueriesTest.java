package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.workload.db.OrdersTable;
import io.vertx.core.Future;
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

/**
 * The db workload's named queries return the seeded rows, on the embedded H2 database here and on PostgreSQL in
 * {@link PostgresDbQueriesTest}: the same requests and expectations run on both.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class DbQueriesTest {
  static final int ROWS = 2000;
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  /** The {@code workloads.db} section under test; the embedded default here. */
  JsonObject dbSettings() {
    return new JsonObject().put("rows", ROWS);
  }

  /** The product name /stats reports for the database under test. */
  String expectedDatabase() {
    return "H2";
  }

  private Future<OffloadServer> start() {
    JsonObject config = TestService.config(2)
        .put("workloads", new JsonObject().put("db", dbSettings().put("poolSize", 3)));
    config.getJsonObject("routes").put("db", new JsonObject().put("strategy", "worker-pool").put("pool", "io"));
    return service.start(config);
  }

  @Test
  void pointLookupReturnsTheSeededOrder(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    start().compose(server -> Future.all(
            Http.get(client, server.port(), "/work/db?query=point&id=7"),
            Http.get(client, server.port(), "/work/db?query=point&id=" + (ROWS + 1))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Http.Reply found = all.resultAt(0);
          assertEquals(200, found.status(), found.body());
          JsonObject row = found.json().getJsonObject("result").getJsonObject("rows");
          assertEquals("point", found.json().getJsonObject("result").getString("query"));
          // Worked out by hand from OrdersTable's formulas, so a change to them cannot pass unnoticed.
          assertEquals(new JsonObject().put("found", true).put("id", 7).put("customerId", 434)
              .put("status", "returned").put("amountCents", 33903), row);
          assertEquals("worker-pool", found.json().getString("strategy"));
          Http.Reply missing = all.resultAt(1);
          assertEquals(200, missing.status(), missing.body());
          assertFalse(missing.json().getJsonObject("result").getJsonObject("rows").getBoolean("found"));
          ctx.completeNow();
        })));
  }

  @Test
  void rangeAggregateSumsTheSpan(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    long from = 101;
    long span = 250;
    long total = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long id = from; id < from + span; id++) {
      total += OrdersTable.amountCentsOf(id);
      min = Math.min(min, OrdersTable.amountCentsOf(id));
      max = Math.max(max, OrdersTable.amountCentsOf(id));
    }
    JsonObject expected = new JsonObject().put("orders", span).put("totalCents", total).put("minCents", min)
        .put("maxCents", max);
    start().compose(server -> Http.get(client, server.port(), "/work/db?query=range&id=" + from + "&span=" + span))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(200, reply.status(), reply.body());
          assertEquals(expected, reply.json().getJsonObject("result").getJsonObject("rows"));
          ctx.completeNow();
        })));
  }

  @Test
  void slowScanMatchesTextLiterally(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    long matches = 0;
    long total = 0;
    for (long id = 1; id <= ROWS; id++) {
      if (OrdersTable.noteOf(id).contains("customer 43")) {
        matches++;
        total += OrdersTable.amountCentsOf(id);
      }
    }
    long expectedMatches = matches;
    long expectedTotal = total;
    start().compose(server -> Future.all(
            Http.get(client, server.port(), "/work/db?query=slow&contains=customer%2043"),
            // LIKE's wildcards are taken literally: no note holds a '%' or '_'.
            Http.get(client, server.port(), "/work/db?query=slow&contains=%25"),
            Http.get(client, server.port(), "/work/db?query=slow&contains=_")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Http.Reply reply = all.resultAt(0);
          assertEquals(200, reply.status(), reply.body());
          assertTrue(expectedMatches > 0);
          assertEquals(new JsonObject().put("matches", expectedMatches).put("totalCents", expectedTotal),
              reply.json().getJsonObject("result").getJsonObject("rows"));
          for (int i = 1; i <= 2; i++) {
            Http.Reply wildcard = all.resultAt(i);
            assertEquals(200, wildcard.status(), wildcard.body());
            assertEquals(0, wildcard.json().getJsonObject("result").getJsonObject("rows").getLong("matches"),
                wildcard.body());
          }
          ctx.completeNow();
        })));
  }

  @Test
  void statsShowTheJdbcPoolBesideTheDispatchPool(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    start().compose(server -> Http.get(client, server.port(), "/work/db?query=point&id=1")
            .compose(done -> Http.get(client, server.port(), "/stats")))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          JsonObject stats = reply.json();
          JsonObject db = stats.getJsonObject("workloads").getJsonObject("db");
          assertTrue(db.getString("database").startsWith(expectedDatabase()), db.encode());
          JsonObject jdbc = db.getJsonObject("jdbcPool");
          assertEquals(3, jdbc.getInteger("size"), jdbc.encode());
          assertEquals(0, jdbc.getInteger("active"), jdbc.encode());
          assertEquals(0, jdbc.getInteger("waiting"), jdbc.encode());
          assertTrue(jdbc.getInteger("total") >= 1 && jdbc.getInteger("total") <= 3, jdbc.encode());
          assertEquals(1, stats.getJsonObject("pools").getJsonObject("io").getLong("completed"));
          assertEquals("choice", stats.getJsonObject("routes").getJsonObject("db").getJsonArray("params")
              .getJsonObject(0).getString("type"));
          ctx.completeNow();
        })));
  }
}
