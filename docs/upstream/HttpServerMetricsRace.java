import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Vert.x 5.0.7 + vertx-micrometer-metrics 5.0.7: a connection accepted in the first moments of an HTTP server's
 * listen can get no socket metric while its requests still reach the server's metrics, which throw a
 * NullPointerException inside Netty; the request is never answered. One server, one start per JVM (the race needs
 * a cold JVM): run it in a loop, see README.md. Exit code 1 when this start showed the bug.
 */
public class HttpServerMetricsRace {
  public static void main(String[] args) throws Exception {
    AtomicInteger npes = new AtomicInteger();
    Logger.getLogger("").addHandler(new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (String.valueOf(r.getMessage()).contains("NullPointerException")
            || String.valueOf(r.getThrown()).contains("NullPointerException")) {
          npes.incrementAndGet();
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // vertx-micrometer-metrics is found on the class path; its backend here is Micrometer's global registry.
    Vertx vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)));

    // 8 clients try the port every millisecond from before it is bound: each try is a request on a new connection.
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger unanswered = new AtomicInteger();
    Thread[] clients = new Thread[8];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = new Thread(() -> {
        while (!stop.get()) {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            in.readAllBytes();
            answered.incrementAndGet();
          } catch (ConnectException notYetListening) {
            sleep(1);
          } catch (SocketTimeoutException noAnswer) {
            unanswered.incrementAndGet();
          } catch (IOException e) {
            System.out.println("client: " + e);
          }
        }
      });
      clients[i].start();
    }

    vertx.createHttpServer().requestHandler(req -> req.response().end("ok")).listen(port, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    sleep(500);
    stop.set(true);
    for (Thread client : clients) {
      client.join(5000);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    boolean bug = unanswered.get() > 0 || npes.get() > 0;
    System.out.println((bug ? "BUG: " : "ok: ") + answered.get() + " answered, " + unanswered.get()
        + " unanswered, " + npes.get() + " NullPointerException log records");
    System.exit(bug ? 1 : 0);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
