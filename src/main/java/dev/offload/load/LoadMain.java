package dev.offload.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small command for benchmarks: open-loop load at a fixed rate against one loopback URL, printed as JSON.
 * {@code java -cp offload.jar dev.offload.load.LoadMain --url URL --rate N --seconds S [--warmup S]
 * [--connections N] [--header NAME=VALUE]... [--window-seconds S]}
 */
public final class LoadMain {
  private LoadMain() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--header")) {
        String[] kv = args[i + 1].split("=", 2);
        headers.put(kv[0], kv.length > 1 ? kv[1] : "");
      } else {
        options.put(args[i], args[i + 1]);
      }
    }
    if (!options.containsKey("--url") || !options.containsKey("--rate") || args.length % 2 != 0) {
      System.err.println("usage: LoadMain --url http://127.0.0.1:PORT/PATH --rate PER_SECOND --seconds S"
          + " [--warmup S] [--connections N] [--header NAME=VALUE]... [--window-seconds S]");
      System.exit(2);
    }
    URI url = URI.create(options.get("--url"));
    String path = url.getRawPath() + (url.getRawQuery() != null ? "?" + url.getRawQuery() : "");
    String host = url.getHost() != null ? url.getHost().replace("[", "").replace("]", "") : null;
    LoadPlan plan = new LoadPlan(host, url.getPort(), List.of(LoadRequest.get(path)),
        Double.parseDouble(options.get("--rate")),
        (long) (Double.parseDouble(options.getOrDefault("--warmup", "0")) * 1000),
        (long) (Double.parseDouble(options.getOrDefault("--seconds", "10")) * 1000),
        Integer.parseInt(options.getOrDefault("--connections", "1000")),
        TimeUnit.MINUTES.toMillis(2), headers,
        (long) (Double.parseDouble(options.getOrDefault("--window-seconds", "5")) * 1000));
    // One event loop: the generator's sends stay on one thread, in schedule order.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      CompletableFuture<LoadResult> finished = new CompletableFuture<>();
      vertx.runOnContext(v -> new OpenLoopLoad(vertx, plan).run().onComplete(done -> {
        if (done.succeeded()) {
          finished.complete(done.result());
        } else {
          finished.completeExceptionally(done.cause());
        }
      }));
      LoadResult result = finished.get(plan.warmupMs() + plan.durationMs() + 300_000, TimeUnit.MILLISECONDS);
      System.out.println(result.toJson().encodePrettily());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
