package dev.offload.workload;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * CPU-bound work: x = UTF-8 bytes of the seed, then {@code iterations} times x = SHA-256(x); the result is hex(x).
 *
 * <p>Each round feeds on the last, so the JIT cannot skip rounds and the answer proves the work was done.
 */
public final class CpuWorkload implements Workload {
  public static final String NAME = "cpu";
  /** Never updated: only copied. */
  private static final MessageDigest FRESH_SHA256 = newSha256();

  @Override
  public String name() {
    return NAME;
  }

  /** Computes from its parameters only: running it twice does no harm. */
  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(
        ParamSpec.requiredInteger("iterations", 1, 10_000_000, 1, Integer.MAX_VALUE),
        ParamSpec.optionalText("seed", "", 1024, 1024));
  }

  @Override
  public Object run(Params params) {
    return digestChain(params.text("seed"), params.integer("iterations"));
  }

  /** The SHA-256 chain, also used by tests to check what the service answers. */
  public static String digestChain(String seed, long iterations) {
    MessageDigest sha256 = sha256();
    byte[] x = seed.getBytes(StandardCharsets.UTF_8);
    if (iterations == 0) {
      return HexFormat.of().formatHex(x);
    }
    // One 32-byte buffer for every round: allocating a digest per round would make this a GC benchmark.
    byte[] digest = new byte[32];
    sha256.update(x);
    finish(sha256, digest);
    for (long i = 1; i < iterations; i++) {
      sha256.update(digest);
      finish(sha256, digest);
    }
    return HexFormat.of().formatHex(digest);
  }

  private static void finish(MessageDigest sha256, byte[] into) {
    try {
      sha256.digest(into, 0, into.length);
    } catch (DigestException e) {
      throw new IllegalStateException("a 32-byte buffer holds a SHA-256 digest", e);
    }
  }

  private static MessageDigest sha256() {
    // A copy of a fresh digest costs less than asking the providers for one again, which small requests felt.
    try {
      return (MessageDigest) FRESH_SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
