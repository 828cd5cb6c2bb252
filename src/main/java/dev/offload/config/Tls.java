package dev.offload.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a {@code tls} section ({@code certFile}, {@code keyFile}) and says which hosts stay on the machine. */
final class Tls {
  private Tls() {
  }

  static TlsSettings read(JsonSection s) {
    // http.tls and admin.tls hold the same keys.
    s.rejectUnknown(ConfigKeys.in("http.tls"));
    String cert = pemFile(s, "certFile", "CERTIFICATE");
    String key = pemFile(s, "keyFile", "PRIVATE KEY");
    return new TlsSettings(cert, key);
  }

  /** The path of a readable PEM file holding a {@code -----BEGIN ...kind-----} block. */
  private static String pemFile(JsonSection s, String name, String kind) {
    String path = s.string(name, null);
    if (path == null || path.isBlank()) {
      throw new ConfigException(s.key(name), "missing (a PEM file)");
    }
    String text;
    try {
      text = Files.readString(Path.of(path), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(s.key(name), "cannot read " + path + ": " + e.getMessage());
    }
    if (!text.contains("-----BEGIN ") || !text.contains(kind + "-----")) {
      throw new ConfigException(s.key(name), path + " holds no PEM " + kind.toLowerCase(Locale.ROOT));
    }
    return path;
  }

  /**
   * True for {@code localhost} and literal loopback addresses (127.0.0.0/8, ::1). Other names count as off the
   * machine: resolving them here would make the check depend on DNS.
   */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    boolean ipv4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean ipv6 = host.matches("\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");
    if (!ipv4 && !ipv6) {
      return false;
    }
    try {
      // A literal address: no lookup happens.
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
