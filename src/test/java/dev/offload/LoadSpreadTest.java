package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Instances sharing one port split new connections between them: Vert.x balances connections round-robin. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class LoadSpreadTest {
  private static final int INSTANCES = 4;
  private static final int CONNECTIONS = 40;
  private final TestService service = new TestService();

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Test
  void fortyConnectionsLandAtLeastEightOnEachOfFourInstances(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = Http.freshConnections(vertx);
    service.start(TestService.config(INSTANCES)).compose(server -> {
      List<Future<Http.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        replies.add(Http.get(client, server.port(), "/work/cpu?iterations=1"));
      }
      return Future.all(replies).compose(all -> Http.get(client, server.port(), "/stats")).map(stats -> {
        Set<Integer> seen = new HashSet<>();
        for (Future<Http.Reply> reply : replies) {
          assertEquals(200, reply.result().status(), reply.result().body());
          seen.add(reply.result().json().getInteger("instance"));
        }
        assertEquals(Set.of(0, 1, 2, 3), seen, "every instance answered some work");
        return stats.json();
      });
    }).onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
      JsonArray instances = stats.getJsonArray("instances");
      assertEquals(INSTANCES, instances.size());
      long connections = 0;
      long requests = 0;
      Set<String> loops = new HashSet<>();
      for (int i = 0; i < INSTANCES; i++) {
        JsonObject instance = instances.getJsonObject(i);
        assertEquals(i, instance.getInteger("instance"));
        assertTrue(instance.getLong("connections") >= CONNECTIONS / INSTANCES - 2, instance.encode());
        connections += instance.getLong("connections");
        requests += instance.getLong("requests");
        loops.add(instance.getString("eventLoop"));
      }
      // The 40 work requests and the /stats request, one connection each.
      assertEquals(CONNECTIONS + 1, connections, instances.encode());
      assertEquals(CONNECTIONS + 1, requests, instances.encode());
      assertEquals(INSTANCES, loops.size(), "each instance has an event loop of its own");
      ctx.completeNow();
    })));
  }
}
