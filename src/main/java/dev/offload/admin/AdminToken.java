package dev.offload.admin;

import dev.offload.config.AdminSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.function.Function;

/** The admin API's bearer token, and the constant-time check of a presented one. */
public final class AdminToken {
  public static final String ENV = "OFFLOAD_ADMIN_TOKEN";

  private final byte[] expectedDigest;
  private final String source;

  private AdminToken(String token, String source) {
    this.expectedDigest = sha256(token);
    this.source = source;
  }

  /**
   * The token from {@value #ENV}, else from {@code admin.tokenFile}; empty when neither is set (the admin API is
   * then off).
   *
   * @throws IllegalArgumentException when the token file cannot be read or holds no token
   */
  public static Optional<AdminToken> resolve(AdminSettings admin, Function<String, String> env) {
    String fromEnv = env.apply(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(new AdminToken(fromEnv.strip(), "environment variable " + ENV));
    }
    if (admin == null || admin.tokenFile() == null) {
      return Optional.empty();
    }
    String fromFile;
    try {
      fromFile = Files.readString(Path.of(admin.tokenFile()), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("admin.tokenFile: cannot read " + admin.tokenFile() + ": " + e);
    }
    if (fromFile.isEmpty()) {
      throw new IllegalArgumentException("admin.tokenFile: " + admin.tokenFile() + " is empty");
    }
    return Optional.of(new AdminToken(fromFile, "file " + admin.tokenFile()));
  }

  /** Where the token came from, for the start-up log line (never the token itself). */
  public String source() {
    return source;
  }

  /**
   * True when {@code presented} is the token. Both sides are hashed first, so the comparison takes the same time
   * whatever the presented length, and {@link MessageDigest#isEqual} compares without an early exit.
   */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(expectedDigest, sha256(presented));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
