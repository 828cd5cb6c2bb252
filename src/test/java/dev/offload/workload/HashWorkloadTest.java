package dev.offload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hash workload against published PBKDF2-HMAC-SHA256 test vectors: RFC 7914 section 11 and the widely used
 * vectors of the "PBKDF2-HMAC-SHA256" set (as in RFC 6070's layout, recomputed for SHA-256).
 */
class HashWorkloadTest {

  @ParameterizedTest(name = "{0} / {1} / c={2} / {3} bytes")
  @CsvSource(delimiter = '|', value = {
      "password|salt|1|32|120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b",
      "password|salt|2|32|ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43",
      "password|salt|4096|32|c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a",
      "passwordPASSWORDpassword|saltSALTsaltSALTsaltSALTsaltSALTsalt|4096|40"
          + "|348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9",
      // RFC 7914 section 11, the first PBKDF2-HMAC-SHA256 vector.
      "passwd|salt|1|64|55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
          + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
  })
  void derivesThePublishedKeys(String password, String salt, int iterations, int keyLength, String expected)
      throws Exception {
    assertEquals(expected, HashWorkload.hex(password, salt, iterations, keyLength));
  }

  @ParameterizedTest(name = "the workload's run reads its params: {0}")
  @CsvSource(delimiter = '|', value = {"password|salt|2|32|ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"})
  void runUsesTheParameters(String password, String salt, long iterations, long keyLength, String expected)
      throws Exception {
    Params params = new Params(java.util.Map.of("password", password, "salt", salt, "iterations", iterations,
        "keyLength", keyLength));
    assertEquals(expected, new HashWorkload().run(params));
  }
}
