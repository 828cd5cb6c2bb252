package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.config.ConfigException;
import dev.offload.config.ConfigParser;
import dev.offload.workload.Workloads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * TLS on the service listener (HTTP/1.1 and HTTP/2 through ALPN) and on the admin listener, with a certificate the
 * test makes; and the admin API refused off the machine in clear text unless the config says so.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class TlsTest {
  private static final String TOKEN = "tls-test-admin-token";
  private final SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
  private final List<OffloadServer> started = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (OffloadServer server : started) {
      server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    certificate.delete();
  }

  private JsonObject tls() {
    return new JsonObject().put("certFile", certificate.certificatePath()).put("keyFile", certificate.privateKeyPath());
  }

  private Future<OffloadServer> start(JsonObject config) {
    Workloads workloads = Workloads.builtIn();
    return OffloadServer.start(new ConfigParser(workloads).parse(config), workloads, Map.of("OFFLOAD_ADMIN_TOKEN",
        TOKEN)::get).onSuccess(started::add);
  }

  private static HttpClient client(Vertx vertx, HttpVersion version) {
    return vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
        .setUseAlpn(true).setProtocolVersion(version));
  }

  /** The answer's HTTP version, status and body. */
  private static Future<List<Object>> get(HttpClient client, int port, String uri, String token) {
    return client.request(HttpMethod.GET, port, "127.0.0.1", uri).compose(req -> {
      if (token != null) {
        req.putHeader("Authorization", "Bearer " + token);
      }
      return req.send().compose(resp -> resp.body().map(body -> List.<Object>of(resp.version(), resp.statusCode(),
          body.toString())));
    });
  }

  @Test
  void theServiceSpeaksHttp2AndHttp11OverTls(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestService.config(2);
    config.getJsonObject("http").put("tls", tls());
    // Held here: Vert.x 5 closes a client nobody holds any more.
    HttpClient h2Client = client(vertx, HttpVersion.HTTP_2);
    HttpClient h1Client = client(vertx, HttpVersion.HTTP_1_1);
    start(config).compose(server -> Future.all(
            get(h2Client, server.port(), "/work/cpu?iterations=1&seed=abc", null),
            get(h1Client, server.port(), "/health", null)))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          List<Object> h2 = both.resultAt(0);
          assertEquals(HttpVersion.HTTP_2, h2.get(0), "HTTP/2 chosen through ALPN");
          assertEquals(200, h2.get(1), h2.toString());
          // SHA-256 of "abc": the work ran and answered over the encrypted stream.
          assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
              new JsonObject((String) h2.get(2)).getString("result"));
          List<Object> h1 = both.resultAt(1);
          assertEquals(HttpVersion.HTTP_1_1, h1.get(0));
          assertEquals(200, h1.get(1));
          ctx.completeNow();
        })));
  }

  @Test
  void clearTextOnTheTlsPortIsClosedWithoutAnAnswer() throws Exception {
    JsonObject config = TestService.config(1);
    config.getJsonObject("http").put("tls", tls());
    // Blocking reads belong on the test's thread, never on an event loop of the server.
    OffloadServer server = start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      // Closed by the TLS layer at once; a read timeout (an exception here) would mean it was held open.
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      StringBuilder got = new StringBuilder();
      try {
        for (int b = in.read(); b >= 0; b = in.read()) {
          got.append((char) b);
        }
      } catch (SocketException reset) {
        // closed by a reset: also no answer
      }
      assertTrue(!got.toString().contains("HTTP/1.1"), "no HTTP answer in clear text: " + got);
    }
  }

  @Test
  void theAdminListenerOffTheMachineServesOverTls(Vertx vertx, VertxTestContext ctx) {
    int adminPort = TestService.freePort();
    JsonObject config = TestService.config(1)
        .put("admin", new JsonObject().put("host", "0.0.0.0").put("port", adminPort).put("tls", tls()));
    HttpClient client = client(vertx, HttpVersion.HTTP_1_1);
    start(config)
        .compose(server -> Future.all(get(client, adminPort, "/admin/config", TOKEN),
            get(client, adminPort, "/admin/config", "wrong")))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          List<Object> ok = both.resultAt(0);
          assertEquals(200, ok.get(1), ok.toString());
          assertEquals(1L, new JsonObject((String) ok.get(2)).getLong("version"));
          assertEquals(401, ((List<?>) both.resultAt(1)).get(1));
          ctx.completeNow();
        })));
  }

  @Test
  void theAdminApiInClearTextOffTheMachineIsRefusedUnlessAllowed() {
    JsonObject offTheMachine = TestService.config(1)
        .put("admin", new JsonObject().put("host", "0.0.0.0").put("port", 9090));
    ConfigException refused = assertThrowsConfig(() -> new ConfigParser(Workloads.builtIn()).parse(offTheMachine));
    assertEquals("admin.host", refused.key());
    assertTrue(refused.getMessage().contains("admin.allowPlainHttp"), refused.getMessage());
    offTheMachine.getJsonObject("admin").put("allowPlainHttp", true);
    assertTrue(new ConfigParser(Workloads.builtIn()).parse(offTheMachine).admin().allowPlainHttp());
    // Sharing the service's port: the service's TLS protects it.
    JsonObject shared = TestService.config(1);
    shared.getJsonObject("http").put("host", "0.0.0.0").put("tls", tls());
    shared.put("admin", new JsonObject().put("port", shared.getJsonObject("http").getInteger("port")));
    assertEquals("0.0.0.0", new ConfigParser(Workloads.builtIn()).parse(shared).admin().host());
    JsonObject keyForCert = TestService.config(1);
    keyForCert.getJsonObject("http").put("tls", tls().put("keyFile", certificate.certificatePath()));
    ConfigException notAKey = assertThrowsConfig(() -> new ConfigParser(Workloads.builtIn()).parse(keyForCert));
    assertEquals("http.tls.keyFile", notAKey.key());
    assertTrue(notAKey.getMessage().contains("holds no PEM private key"), notAKey.getMessage());
  }

  private static ConfigException assertThrowsConfig(Executable parse) {
    return org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, parse);
  }
}
