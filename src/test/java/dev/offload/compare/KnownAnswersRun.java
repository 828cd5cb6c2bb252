package dev.offload.compare;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The suite's one full comparison, run once per test JVM and shared by the tests that read its report (the
 * known answers, the report's contents, the page in a browser): the shipped conf/compare-known.json as users run it,
 * plus the quick file's ramp and mix and an external target, so that every kind of scenario and row is in it. On
 * Java 17 the virtual-thread entry fails as it must, and the expectations that name it are left out.
 */
final class KnownAnswersRun {
  private static CompareRun run;
  private static JsonObject spec;

  private KnownAnswersRun() {
  }

  static synchronized CompareRun get() throws Exception {
    if (run == null) {
      spec = spec();
      Path dir = Path.of("target", "known-answers-run");
      if (Files.exists(dir)) {
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Files.createDirectories(dir);
      Vertx vertx = Vertx.vertx();
      try {
        HttpServer external = standIn(vertx);
        spec.getJsonArray("strategies").add(new JsonObject().put("name", "external")
            .put("target", new JsonObject().put("url", "http://127.0.0.1:" + external.actualPort())
                .put("paths", new JsonObject().put("cpu", "/gil?n={iterations}").put("sleep", "/nap?ms={ms}")
                    .put("health", "/health"))));
        run = CompareRun.of(dir, spec);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
    return run;
  }

  /** The compare file as run: the shipped one with the additions above. */
  static synchronized JsonObject ranSpec() throws Exception {
    get();
    return spec;
  }

  private static JsonObject spec() throws Exception {
    JsonObject known = new JsonObject(Files.readString(Path.of("conf/compare-known.json")));
    known.put("baseConfig", Path.of("conf/config.json").toAbsolutePath().toString());
    JsonObject quick = new JsonObject(Files.readString(Path.of("conf/compare-quick.json")));
    for (Object o : quick.getJsonArray("scenarios")) {
      String type = ((JsonObject) o).getString("type");
      if (type.equals("ramp") || type.equals("mix")) {
        known.getJsonArray("scenarios").add(o);
      }
    }
    if (Runtime.version().feature() < 21) {
      JsonArray kept = new JsonArray();
      for (Object o : known.getJsonArray("expect")) {
        JsonObject e = ((JsonObject) o).copy();
        for (String check : Expectations.CHECKS) {
          if (e.containsKey(check)) {
            e.getJsonArray(check).remove("virtual-thread");
            if (e.getJsonArray(check).isEmpty()) {
              e.remove(check);
            }
          }
        }
        if (e.fieldNames().stream().anyMatch(Expectations.CHECKS::contains)) {
          kept.add(e);
        }
      }
      known.put("expect", kept);
    }
    return known;
  }

  /** A stand-in for "the user's current stack": answers /gil after n/10,000 ms, /nap after ms, /health at once. */
  private static HttpServer standIn(Vertx vertx) throws Exception {
    return vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/gil")) {
        long n = Long.parseLong(req.getParam("n"));
        vertx.setTimer(Math.max(1, n / 10_000), id -> req.response().end("{\"ok\":true}"));
      } else if (req.path().equals("/nap")) {
        vertx.setTimer(Math.max(1, Long.parseLong(req.getParam("ms"))), id -> req.response().end("{}"));
      } else {
        req.response().end("{\"status\":\"up\"}");
      }
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
