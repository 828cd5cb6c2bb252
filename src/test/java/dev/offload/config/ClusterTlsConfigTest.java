package dev.offload.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offload.ClusterCerts;
import dev.offload.workload.Workloads;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster.tls} and the loopback rule, with certificates made by scripts/cluster-certs.sh: every bad file is
 * refused at start with its key named, and clear text leaves loopback only when the config says so.
 */
class ClusterTlsConfigTest {
  @TempDir
  static Path dir;
  private static Path certs;
  private static Path otherCa;
  private final ConfigParser parser = new ConfigParser(Workloads.builtIn());

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = ClusterCerts.make(dir.resolve("certs"), "front=127.0.0.1", "worker=127.0.0.1,worker.example");
    otherCa = ClusterCerts.make(dir.resolve("other"), "stranger");
    ClusterCerts.expired(certs, "old");
  }

  @Test
  void aNodeWithItsCertificateKeyAndTheCaIsAccepted() {
    ClusterSettings cluster = parse(cluster(ClusterCerts.tls(certs, "front"))).cluster();
    assertEquals(new ClusterTlsSettings(certs.resolve("front.pem").toString(),
        certs.resolve("front-key.pem").toString(), certs.resolve("ca.pem").toString()), cluster.tls());
    assertFalse(cluster.allowPlainText());
  }

  @Test
  void everyBadFileIsRefusedWithItsKeyNamed() {
    String none = dir.resolve("none.pem").toString();
    refused("cluster.tls.certFile", "cannot read", tls("front", "certFile", none));
    refused("cluster.tls.keyFile", "cannot read", tls("front", "keyFile", none));
    refused("cluster.tls.caFile", "cannot read", tls("front", "caFile", none));
    refused("cluster.tls.certFile", "holds no PEM certificate",
        tls("front", "certFile", certs.resolve("front-key.pem").toString()));
    refused("cluster.tls.keyFile", "holds no PEM private key",
        tls("front", "keyFile", certs.resolve("front.pem").toString()));
    refused("cluster.tls.keyFile", "is not the private key of the certificate",
        tls("front", "keyFile", certs.resolve("worker-key.pem").toString()));
    refused("cluster.tls.certFile", "is not signed by the CA", new JsonObject().put("tls",
        ClusterCerts.tls(otherCa, "stranger").put("caFile", certs.resolve("ca.pem").toString())));
    refused("cluster.tls.certFile", "expired on 2020-01-02", tls("old", "certFile",
        certs.resolve("old.pem").toString()));
    JsonObject caAsNode = tls("front", "certFile", certs.resolve("ca.pem").toString());
    caAsNode.getJsonObject("tls").put("keyFile", certs.resolve("ca-key.pem").toString());
    refused("cluster.tls.certFile", "holds the CA's own certificate", caAsNode);
    JsonObject noCa = tls("front", "certFile", certs.resolve("front.pem").toString());
    noCa.getJsonObject("tls").remove("caFile");
    refused("cluster.tls.caFile", "missing", noCa);
  }

  @Test
  void aFileThatIsNotPemAtAllIsRefused() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n"
        + "-----END CERTIFICATE-----\n");
    refused("cluster.tls.certFile", "is not a valid PEM X.509 certificate",
        tls("front", "certFile", garbage.toString()));
  }

  @Test
  void clearTextOffLoopbackIsRefusedUnlessAllowed() {
    refused("cluster.host", "not a loopback address, without TLS",
        new JsonObject().put("host", "10.0.0.5"));
    refused("cluster.publicHost", "not a loopback address, without TLS",
        new JsonObject().put("publicHost", "203.0.113.7"));
    assertTrue(parse(new JsonObject().put("host", "10.0.0.5").put("allowPlainText", true)).cluster()
        .allowPlainText());
    assertEquals("10.0.0.5", parse(new JsonObject().put("host", "10.0.0.5")
        .put("tls", ClusterCerts.tls(certs, "front"))).cluster().host());
    for (String loopback : new String[] {"127.0.0.1", "127.3.2.1", "localhost", "::1"}) {
      assertEquals(null, parse(new JsonObject().put("host", loopback)).cluster().tls(), loopback);
    }
    refused("cluster.allowPlainText", "must be true or false", new JsonObject().put("allowPlainText", "yes"));
    refused("cluster.connectTimeoutMs", "out of range", new JsonObject().put("connectTimeoutMs", 50));
  }

  /** A cluster section with {@code node}'s tls files, {@code key} replaced by {@code value}. */
  private static JsonObject tls(String node, String key, String value) {
    return new JsonObject().put("tls", ClusterCerts.tls(certs, node).put(key, value));
  }

  private static JsonObject cluster(JsonObject tls) {
    return new JsonObject().put("tls", tls);
  }

  private OffloadConfig parse(JsonObject cluster) {
    return parser.parse(new JsonObject().put("cluster", cluster));
  }

  private void refused(String key, String messagePart, JsonObject cluster) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(cluster), cluster.encode());
    assertEquals(key, e.key(), e.getMessage());
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }
}
