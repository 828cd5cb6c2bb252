import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The baseline of bench/overhead.sh: the same Vert.x, no offload. INSTANCES event-loop verticles share PORT and
 * answer a few bytes: /inline on the event loop, /blocking through executeBlocking(…, false) on a worker pool of
 * WORKERS threads, /virtual from a virtual thread started for the request, anything else as a plain health answer.
 *   java -cp target/offload.jar bench/BareVertx.java PORT INSTANCES WORKERS
 */
public class BareVertx extends AbstractVerticle {
  private static int port;

  @Override
  public void start(Promise<Void> started) {
    // The deployment fails, and the benchmark with it, when the port is taken: never measure another server.
    vertx.createHttpServer().requestHandler(request -> {
      String path = request.path();
      if (path.equals("/blocking")) {
        vertx.executeBlocking(() -> "{\"result\":1}", false)
            .onSuccess(body -> request.response().putHeader("Content-Type", "application/json").end(body));
      } else if (path.equals("/virtual")) {
        // The least a virtual thread per request costs: start one, hop back to this event loop to answer.
        Context eventLoop = vertx.getOrCreateContext();
        Thread.startVirtualThread(() -> {
          String body = "{\"result\":1}";
          eventLoop.runOnContext(v -> request.response().putHeader("Content-Type", "application/json").end(body));
        });
      } else if (path.equals("/inline")) {
        request.response().putHeader("Content-Type", "application/json").end("{\"result\":1}");
      } else {
        request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"up\"}");
      }
    }).listen(port, "127.0.0.1").<Void>mapEmpty().onComplete(started);
  }

  public static void main(String[] args) {
    port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    int workers = Integer.parseInt(args[2]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(instances).setWorkerPoolSize(workers));
    vertx.deployVerticle(BareVertx.class.getName(), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("bare vert.x on " + port + " with " + instances + " instances"))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }
}
