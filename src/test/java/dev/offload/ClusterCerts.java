package dev.offload;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for the tests of the cluster's mutual TLS, made as a user makes them: with
 * {@code scripts/cluster-certs.sh} (openssl), plus an expired one, which only {@code openssl ca} can date in the past.
 */
public final class ClusterCerts {
  private ClusterCerts() {
  }

  /** Runs the script: a CA in {@code dir} (made once, then reused) and a certificate per name. */
  public static Path make(Path dir, String... names) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", Path.of("scripts/cluster-certs.sh").toAbsolutePath()
        .toString(), dir.toString()));
    command.addAll(List.of(names));
    run(command, dir.getParent());
    return dir;
  }

  /** A certificate for {@code name} that the CA in {@code dir} signed, valid only during a day of 2020. */
  public static void expired(Path dir, String name) throws IOException, InterruptedException {
    Path work = Files.createDirectories(dir.resolve("expired-ca-db"));
    Files.writeString(work.resolve("index.txt"), "");
    Files.writeString(work.resolve("serial"), "1000\n");
    Files.writeString(work.resolve("ca.cnf"), String.join("\n",
        "[ca]", "default_ca = d", "[d]", "database = " + work.resolve("index.txt"),
        "new_certs_dir = " + work, "serial = " + work.resolve("serial"), "default_md = sha256", "policy = p",
        "[p]", "commonName = supplied", "[ext]", "basicConstraints = critical,CA:FALSE",
        "extendedKeyUsage = serverAuth,clientAuth", ""));
    String key = dir.resolve(name + "-key.pem").toString();
    run(List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key), dir);
    run(List.of("openssl", "req", "-new", "-key", key, "-subj", "/CN=" + name, "-out",
        work.resolve(name + ".csr").toString()), dir);
    run(List.of("openssl", "ca", "-batch", "-notext", "-config", work.resolve("ca.cnf").toString(), "-extensions",
        "ext", "-cert", dir.resolve("ca.pem").toString(), "-keyfile", dir.resolve("ca-key.pem").toString(), "-in",
        work.resolve(name + ".csr").toString(), "-out", dir.resolve(name + ".pem").toString(), "-startdate",
        "20200101000000Z", "-enddate", "20200102000000Z"), dir);
  }

  /** The {@code cluster.tls} section of node {@code name} whose files are in {@code dir}. */
  public static JsonObject tls(Path dir, String name) {
    return new JsonObject().put("certFile", dir.resolve(name + ".pem").toString())
        .put("keyFile", dir.resolve(name + "-key.pem").toString()).put("caFile", dir.resolve("ca.pem").toString());
  }

  /**
   * {@code config} with each {@code cluster.tls} file replaced by the file of the same name in {@code dir}: an
   * example's config, checked with certificates the test made where the user runs the script first.
   */
  public static JsonObject withFilesFrom(JsonObject config, Path dir) {
    JsonObject copy = config.copy();
    JsonObject cluster = copy.getJsonObject("cluster");
    JsonObject tls = cluster == null ? null : cluster.getJsonObject("tls");
    if (tls != null) {
      for (String key : List.of("certFile", "keyFile", "caFile")) {
        if (tls.getValue(key) instanceof String path) {
          tls.put(key, dir.resolve(Path.of(path).getFileName()).toString());
        }
      }
    }
    return copy;
  }

  private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
    Path log = Files.createTempFile("certs", ".log");
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(command + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
    }
    Files.delete(log);
  }
}
