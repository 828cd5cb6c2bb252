package dev.offload.workload;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 from the JDK, the CPU-bound job of every login endpoint: derives {@code keyLength} bytes from
 * {@code password} and {@code salt} (both UTF-8) in {@code iterations} rounds; the result is the key in lower-case hex.
 */
public final class HashWorkload implements Workload {
  public static final String NAME = "hash";
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

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
  public Input input() {
    // A password has no place in a URL, where access logs and proxies would keep it.
    return Input.BODY_ONLY;
  }

  @Override
  public List<ParamSpec> params() {
    // The JDK refuses an empty password or salt, so both need at least one character.
    return List.of(
        ParamSpec.requiredText("password", 1, 1024, 1 << 20),
        ParamSpec.requiredText("salt", 1, 1024, 1 << 20),
        ParamSpec.optionalInteger("iterations", 10_000, 1, 1_000_000, 1, Integer.MAX_VALUE),
        // PBEKeySpec takes the length in bits as an int.
        ParamSpec.optionalInteger("keyLength", 32, 1, 1024, 1, Integer.MAX_VALUE / 8));
  }

  @Override
  public Object run(Params params) throws GeneralSecurityException {
    return hex(params.text("password"), params.text("salt"), (int) params.integer("iterations"),
        (int) params.integer("keyLength"));
  }

  /** The derived key in lower-case hex. */
  public static String hex(String password, String salt, int iterations, int keyLengthBytes)
      throws GeneralSecurityException {
    // SunJCE encodes the password chars as UTF-8, as the API promises users.
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations,
        keyLengthBytes * 8);
    try {
      return HexFormat.of().formatHex(SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded());
    } finally {
      spec.clearPassword();
    }
  }
}
