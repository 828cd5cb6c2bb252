package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /work/hash}: the derived key for a JSON body, and a named refusal for every malformed one. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class HashEndpointTest {
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  /** One body and the answer it must get. */
  private record Case(String contentType, String body, int status, String error, String param, String messagePart) {
  }

  private static final String BIG = "{\"password\": \"" + "p".repeat(5000) + "\", \"salt\": \"s\"}";

  private static final List<Case> CASES = List.of(
      new Case("text/plain", "{\"password\": \"a\", \"salt\": \"b\"}", 415, "unsupported_media_type", null,
          "application/json"),
      new Case(null, "{\"password\": \"a\", \"salt\": \"b\"}", 415, "unsupported_media_type", null,
          "no Content-Type"),
      new Case("application/json", "password=a&salt=b", 400, "bad_request", "body", "not valid JSON"),
      new Case("application/json", "[1, 2]", 400, "bad_request", "body", "JSON object, got an array"),
      new Case("application/json", "", 400, "bad_request", "body", "empty body"),
      new Case("application/json", "{\"salt\": \"b\"}", 400, "bad_request", "password", "missing parameter password"),
      new Case("application/json", "{\"password\": \"\", \"salt\": \"b\"}", 400, "bad_request", "password",
          "length 1..1024"),
      new Case("application/json", "{\"password\": 5, \"salt\": \"b\"}", 400, "bad_request", "password",
          "got the number 5"),
      new Case("application/json", "{\"password\": {\"p\": 1}, \"salt\": \"b\"}", 400, "bad_request", "password",
          "got an object"),
      new Case("application/json", "{\"password\": \"a\", \"salt\": null}", 400, "bad_request", "salt",
          "must not be null"),
      new Case("application/json", "{\"password\": \"a\", \"salt\": \"b\", \"iterations\": \"5\"}", 400,
          "bad_request", "iterations", "got a string"),
      new Case("application/json", "{\"password\": \"a\", \"salt\": \"b\", \"iterations\": 2.5}", 400,
          "bad_request", "iterations", "whole number"),
      // Narrowed to 1..5000 by this test's limits.
      new Case("application/json", "{\"password\": \"a\", \"salt\": \"b\", \"iterations\": 5001}", 400,
          "bad_request", "iterations", "1..5000"),
      new Case("application/json", "{\"password\": \"a\", \"salt\": \"b\", \"keyLength\": 0}", 400, "bad_request",
          "keyLength", "got 0"),
      new Case("application/json", "{\"password\": \"a\", \"salt\": \"b\", \"keylength\": 16}", 400, "bad_request",
          "keylength", "unknown field"),
      new Case("application/json", BIG, 413, "payload_too_large", null, "http.maxBodyBytes"));

  @Test
  void derivesTheKeyAndRefusesEveryMalformedBody(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestService.config(2);
    config.getJsonObject("http").put("maxBodyBytes", 4096);
    config.put("limits", new JsonObject().put("hash", new JsonObject()
        .put("iterations", new JsonObject().put("max", 5000))));
    config.getJsonObject("routes").put("hash", new JsonObject().put("strategy", "worker-pool").put("pool", "cpu"));
    HttpClient client = vertx.createHttpClient();
    service.start(config).compose(server -> {
      List<Future<Http.Reply>> replies = new ArrayList<>();
      for (Case c : CASES) {
        replies.add(Http.post(client, server.port(), "/work/hash", c.contentType(), c.body()));
      }
      Future<Http.Reply> ok = Http.postJson(client, server.port(), "/work/hash", new JsonObject()
          .put("password", "password").put("salt", "salt").put("iterations", 4096).put("keyLength", 32));
      Future<Http.Reply> defaults = Http.postJson(client, server.port(), "/work/hash",
          new JsonObject().put("password", "pässword").put("salt", "salt"));
      Future<Http.Reply> withQuery = Http.postJson(client, server.port(), "/work/hash?password=x",
          new JsonObject().put("password", "a").put("salt", "b"));
      return Future.all(List.of(Future.all(replies), ok, defaults, withQuery)).map(all -> {
        ctx.verify(() -> {
          for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            Http.Reply reply = replies.get(i).result();
            String label = c.contentType() + " " + c.body().substring(0, Math.min(60, c.body().length())) + " -> "
                + reply.status() + " " + reply.body();
            assertEquals(c.status(), reply.status(), label);
            assertEquals("application/json", reply.contentType(), label);
            JsonObject body = reply.json();
            assertEquals(c.error(), body.getString("error"), label);
            assertEquals(c.param(), body.getString("param"), label);
            assertTrue(body.getString("message").contains(c.messagePart()), label);
          }
          assertEquals(200, ok.result().status(), ok.result().body());
          assertEquals("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a",
              ok.result().json().getString("result"));
          assertEquals("worker-pool", ok.result().json().getString("strategy"));
          assertEquals(200, defaults.result().status(), defaults.result().body());
          // Defaults: 10000 iterations, 32 bytes; the password is taken as UTF-8.
          assertEquals(dev.offload.workload.HashWorkload.hex("pässword", "salt", 10_000, 32),
              defaults.result().json().getString("result"));
          assertEquals(400, withQuery.result().status());
          assertEquals("query", withQuery.result().json().getString("param"));
        });
        return all;
      }).compose(all -> Http.get(client, server.port(), "/stats"));
    }).onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
      JsonObject cpu = stats.json().getJsonObject("pools").getJsonObject("cpu");
      // Only the two valid bodies reached the pool; every refusal was answered before admission.
      assertEquals(2, cpu.getLong("admitted"), cpu.encode());
      assertEquals(2, cpu.getLong("completed"), cpu.encode());
      assertEquals("POST json", stats.json().getJsonObject("routes").getJsonObject("hash").getString("input"));
      ctx.completeNow();
    })));
  }
}
