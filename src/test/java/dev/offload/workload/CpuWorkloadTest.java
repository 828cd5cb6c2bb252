package dev.offload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CPU workload's result is the SHA-256 chain DESIGN.md defines, checked against published digests. */
class CpuWorkloadTest {

  @Test
  void oneIterationIsTheSha256OfTheSeed() {
    // FIPS 180-2 test vectors.
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CpuWorkload.digestChain("abc", 1));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", CpuWorkload.digestChain("", 1));
  }

  @Test
  void twoIterationsHashTheDigestBytesNotTheirHex() {
    // SHA-256 of the 32 raw bytes of SHA-256(""): a well-known value (the "double SHA-256" of the empty string).
    assertEquals("5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456", CpuWorkload.digestChain("", 2));
  }

  @Test
  void runReadsItsParameters() throws Exception {
    CpuWorkload cpu = new CpuWorkload();
    Params p = ParamParser.parseQuery(cpu.params(), Map.of("iterations", "3", "seed", "x")::get);
    assertEquals(CpuWorkload.digestChain("x", 3), cpu.run(p));
  }
}
