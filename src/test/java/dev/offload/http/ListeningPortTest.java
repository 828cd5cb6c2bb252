package dev.offload.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When {@link ListeningPort#close} completes, the kernel refuses new connections. The drain relies on it: only then
 * do answers say {@code Connection: close}, so a kept-alive client that reconnects is refused, and not accepted into
 * the backlog of a socket about to close, then reset unanswered (CI lost a request so, 9 ms before the first
 * refusal).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListeningPortTest {

  @Test
  void aConnectionAttemptedTheMomentTheCloseCompletesIsRefused(Vertx vertx, VertxTestContext test) {
    ListeningPort port = new ListeningPort();
    AtomicReference<Channel> accepted = new AtomicReference<>();
    HttpClient client = vertx.createHttpClient();
    vertx.createHttpServer()
        .connectionHandler(connection -> {
          accepted.set(((HttpServerConnection) connection).channelHandlerContext().channel());
          port.learnFrom(accepted.get());
        })
        .requestHandler(request -> request.response().end("ok"))
        .listen(0, "127.0.0.1")
        .map(HttpServer::actualPort)
        // One request, so that the port learns its listening socket, as the service's does from its first client.
        .compose(number -> client.request(HttpMethod.GET, number, "127.0.0.1", "/")
            .compose(request -> request.send().compose(response -> response.body()))
            .map(answered -> number))
        // The close is asked for on the acceptor's loop, so that its callback runs there, as soon as it is complete,
        // and before that loop can do anything else (a callback run elsewhere would race the loop's next select).
        .onComplete(test.succeeding(number -> accepted.get().parent().eventLoop().execute(() ->
            port.close().onComplete(closed -> {
              String outcome = connectOnce(number);
              test.verify(() -> assertEquals("refused", outcome, "a connection attempted once the close completed"));
              test.completeNow();
            }))));
  }

  @Test
  void aPortThatNeverAcceptedClosesAtOnce(VertxTestContext test) {
    new ListeningPort().close().onComplete(test.succeedingThenComplete());
  }

  private static String connectOnce(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return "accepted";
    } catch (ConnectException refused) {
      return "refused";
    } catch (IOException other) {
      return other.toString();
    }
  }
}
