package dev.offload.examples.gzip;

import dev.offload.workload.ParamSpec;
import dev.offload.workload.Params;
import dev.offload.workload.Workload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/** Example plug-in workload: gzips {@code kib} KiB of generated text, a stand-in for your own blocking library. */
public final class GzipWorkload implements Workload {
  public static final String NAME = "gzip";

  /** A small vocabulary: text drawn from it compresses about 4:1, like logs or JSON, not 100:1 like one line. */
  private static final String[] WORDS = {
      "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
      "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
      "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray",
      "yankee", "zulu", "request", "response", "thread", "worker", "event", "loop",
      "queue", "pool", "latency", "timeout", "block", "offload", "vertx", "java",
      "socket", "buffer", "stream", "deflate", "inflate", "header", "trailer", "checksum",
      "client", "server", "route", "handler", "future", "promise", "context", "verticle",
      "metric", "counter", "gauge", "histogram", "sample", "window", "limit", "admit"};

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(
        // The ceiling (64 MiB) stays affordable because the input is streamed in small chunks, never held whole.
        ParamSpec.requiredInteger("kib", 1, 1024, 1, 65_536),
        // Deflater's own levels; 0 (store) is left out because it does no CPU work worth offloading.
        ParamSpec.optionalInteger("level", 6, 1, 9, 1, 9));
  }

  @Override
  public Object run(Params params) throws IOException {
    return compress(Math.toIntExact(params.integer("kib") * 1024), (int) params.integer("level"));
  }

  /**
   * Gzips {@code inputBytes} bytes of the generated text at {@code level}; the same arguments always give the same
   * input, so {@code crc32} is fixed and {@code outputBytes} depends only on the JDK's zlib.
   *
   * @return {@code inputBytes}, {@code outputBytes} (the size of the .gz, header and trailer included) and
   *     {@code crc32} (of the input, 8 lower-case hex digits, as {@code gzip -l -v} shows it)
   */
  public static Map<String, Object> compress(int inputBytes, int level) throws IOException {
    Text text = new Text();
    CRC32 crc = new CRC32();
    CountingSink sink = new CountingSink();
    byte[] chunk = new byte[16 * 1024];
    try (GZIPOutputStream gzip = new LevelledGzip(sink, level, chunk.length)) {
      for (int left = inputBytes; left > 0; ) {
        int n = Math.min(left, chunk.length);
        text.fill(chunk, n);
        crc.update(chunk, 0, n);
        gzip.write(chunk, 0, n);
        left -= n;
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("inputBytes", (long) inputBytes);
    result.put("outputBytes", sink.count);
    result.put("crc32", String.format("%08x", crc.getValue()));
    return result;
  }

  /** GZIPOutputStream has no level argument; its Deflater is a protected field, so a subclass sets it. */
  private static final class LevelledGzip extends GZIPOutputStream {
    LevelledGzip(OutputStream out, int level, int bufferSize) throws IOException {
      super(out, bufferSize);
      def.setLevel(level);
    }
  }

  /** Counts the compressed bytes and drops them: the result reports sizes, and keeping them would only cost memory. */
  private static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /**
   * Endless ASCII lines "00000001: word word ... word\n": a line counter plus eight words picked by a fixed-seed
   * xorshift, so the text is the same on every JVM and run (java.util.Random would do too, but this says so).
   *
   * <p>One per call: the workload itself keeps no state, which is what makes it safe on many threads at once.
   */
  private static final class Text {
    private long state = 0x9E3779B97F4A7C15L;
    private long lineNumber;
    private byte[] line = new byte[0];
    private int pos;

    /** Writes the next {@code n} bytes of the text into {@code into[0..n)}. */
    void fill(byte[] into, int n) {
      int filled = 0;
      while (filled < n) {
        if (pos == line.length) {
          line = nextLine();
          pos = 0;
        }
        int take = Math.min(n - filled, line.length - pos);
        System.arraycopy(line, pos, into, filled, take);
        pos += take;
        filled += take;
      }
    }

    private byte[] nextLine() {
      StringBuilder sb = new StringBuilder(96);
      String number = Long.toString(++lineNumber);
      for (int i = number.length(); i < 8; i++) {
        sb.append('0');
      }
      sb.append(number).append(':');
      for (int i = 0; i < 8; i++) {
        sb.append(' ').append(WORDS[nextRandom() & (WORDS.length - 1)]);
      }
      return sb.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private int nextRandom() {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      // The high bits of xorshift64 are the better mixed ones.
      return (int) (state >>> 40);
    }
  }
}
