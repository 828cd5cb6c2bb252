package dev.offload.http;

import dev.offload.config.HttpSettings;
import dev.offload.metrics.ConnectionStats;
import dev.offload.service.Lifecycle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Guards one HTTP/1.x connection from inside its Netty pipeline, where a request exists before Vert.x sees it:
 * a request head must be complete in time (slowloris, a TLS hello or blank lines on the plain port), a connection
 * with nothing in progress is closed after the idle timeout, a request Vert.x must not see (an unsupported HTTP
 * version, a body that cannot be framed, two Host headers) is answered here, and during a drain the connection
 * closes between requests only, never under one.
 *
 * <p>Two handlers share this state: one before the HTTP decoder sees raw bytes arrive, one after the encoder sees
 * decoded requests come in and responses go out. Both run on the connection's event loop, so the state needs no
 * locks. Vert.x does not offer these hooks: the pipeline is reached through its internal {@code HttpServerConnection}
 * (see {@link HttpConnections#accept}).
 */
final class ConnectionGuard {
  /** During a drain, a connection idle this long between requests is closed; a busy client never idles so long. */
  static final long DRAIN_IDLE_CLOSE_MS = 1000;

  private final HttpSettings settings;
  private final HttpServerOptions options;
  private final ConnectionStats stats;
  private final Lifecycle lifecycle;
  private final Channel channel;
  private final RawSide raw = new RawSide();
  private final MessageSide messages = new MessageSide();
  private ChannelHandlerContext rawContext;
  // The inbound side: between requests (awaitingHead), a head begun (headBegun), a body arriving (receivingBody).
  private boolean awaitingHead = true;
  private boolean headBegun;
  private boolean sawHeadText;
  private boolean requestLineSeen;
  private boolean receivingBody;
  // The outbound side: requests decoded and not yet given their final answer (1xx answers are not final; pipelined
  // requests wait in line), whether the oldest one's final answer has begun, and writes not yet on the wire.
  private int unanswered;
  private boolean interimResponse;
  private boolean finalResponseBegun;
  private int writesInFlight;
  private boolean closing;
  private boolean answeredByUs;
  private long lastActivityNanos = System.nanoTime();
  private ScheduledFuture<?> headTimer;
  // When the head being read must be complete (System.nanoTime), or 0 while none is due.
  private long headDueNanos;
  private ScheduledFuture<?> idleTimer;

  ConnectionGuard(HttpSettings settings, HttpServerOptions options, ConnectionStats stats, Lifecycle lifecycle,
      Channel channel) {
    this.settings = settings;
    this.options = options;
    this.stats = stats;
    this.lifecycle = lifecycle;
    this.channel = channel;
  }

  /**
   * Puts the two handlers around Vert.x's HTTP/1.x codec and starts the clocks: the first request head is due
   * {@code requestHeaderTimeoutMs} after the accept. Call on the connection's event loop before it reads a byte.
   */
  void install(ChannelPipeline pipeline) {
    if (pipeline.get("idle") != null) {
      // Vert.x's idle handler would also close a connection whose request is still being worked on; ours does not.
      pipeline.remove("idle");
    }
    // Nothing has been read yet, so the decoder can still be swapped for one that closes after a CL+TE request.
    pipeline.replace("httpDecoder", "httpDecoder", new GuardedRequestDecoder(options));
    pipeline.addBefore("httpDecoder", "offload-raw-guard", raw);
    pipeline.addAfter("httpEncoder", "offload-message-guard", messages);
    startHeadTimer();
    scheduleIdleCheck(TimeUnit.SECONDS.toNanos(settings.idleTimeoutSeconds()));
    closing = lifecycle.closing();
  }

  /**
   * True when the connection could be closed now without cutting a request: every request answered and written out,
   * and nothing of a next one received but blank lines.
   */
  boolean betweenRequests() {
    return unanswered == 0 && awaitingHead && !headBegun && writesInFlight == 0;
  }

  /**
   * The drain's closing phase: from now on every request is answered with {@code Connection: close} and the
   * connection closes after that answer; idle, it closes once it has been idle for {@link #DRAIN_IDLE_CLOSE_MS}.
   * Call on the connection's event loop.
   */
  void startClosing() {
    closing = true;
  }

  /** Closes the connection if it is closing and has been idle between requests long enough; true if it did. */
  boolean closeIfIdleWhileClosing() {
    if (closing && channel.isActive() && betweenRequests()
        && System.nanoTime() - lastActivityNanos >= TimeUnit.MILLISECONDS.toNanos(DRAIN_IDLE_CLOSE_MS)) {
      stats.closed(ConnectionStats.Closed.DRAINED);
      channel.close();
      return true;
    }
    return false;
  }

  /**
   * Starts the head's clock. One timer per connection serves every head: it is not cancelled when a head completes
   * (a schedule and a cancel on every request cost more than the rest of the guard), and when it fires it arms itself
   * again for the head that is due by then, if any.
   */
  private void startHeadTimer() {
    long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.requestHeaderTimeoutMs());
    headDueNanos = System.nanoTime() + timeoutNanos;
    if (headTimer == null) {
      armHeadTimer(timeoutNanos);
    }
  }

  private void stopHeadTimer() {
    headDueNanos = 0;
  }

  private void armHeadTimer(long delayNanos) {
    headTimer = channel.eventLoop().schedule(this::headTimerFired, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
  }

  private void headTimerFired() {
    headTimer = null;
    if (headDueNanos == 0) {
      return;
    }
    long left = headDueNanos - System.nanoTime();
    if (left > 0) {
      armHeadTimer(left);
      return;
    }
    headDueNanos = 0;
    headTimedOut();
  }

  private void headTimedOut() {
    if (!awaitingHead || unanswered > 0 || !channel.isActive()) {
      // A head completed, or a request still waits for its answer (the next head's clock starts after it).
      return;
    }
    answeredByUs = true;
    if (requestLineSeen) {
      stats.closed(ConnectionStats.Closed.REQUEST_TIMEOUT);
      answerAndClose(408, "Request Timeout", new JsonObject().put("error", "request_timeout").put("message",
          "the request head was not complete within http.requestHeaderTimeoutMs, " + settings.requestHeaderTimeoutMs()
              + " ms"));
    } else {
      // Not even a request line: nothing says this peer speaks HTTP (a TLS hello, blank lines). Just close.
      stats.closed(ConnectionStats.Closed.HEADER_TIMEOUT);
      channel.close();
    }
  }

  private void scheduleIdleCheck(long delayNanos) {
    idleTimer = channel.eventLoop().schedule(this::idleCheck, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
  }

  /**
   * Idle means the client is the one expected to act and has not: no request waiting for an answer, a request body
   * that stopped arriving, or an answer the client stopped reading. A request whose work is still running is not
   * idle, however long it runs.
   */
  private void idleCheck() {
    idleTimer = null;
    if (!channel.isActive()) {
      return;
    }
    long timeoutNanos = TimeUnit.SECONDS.toNanos(settings.idleTimeoutSeconds());
    long quietNanos = System.nanoTime() - lastActivityNanos;
    boolean waitingForClient = unanswered == 0 || receivingBody || writesInFlight > 0;
    if (waitingForClient && quietNanos >= timeoutNanos) {
      stats.closed(ConnectionStats.Closed.IDLE);
      channel.close();
      return;
    }
    scheduleIdleCheck(waitingForClient ? timeoutNanos - quietNanos : timeoutNanos);
  }

  /** A whole response written straight to the socket, for requests Vert.x never sees; then the connection closes. */
  private void answerAndClose(int status, String reason, JsonObject body) {
    byte[] json = body.encode().getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
        + json.length + "\r\nConnection: close\r\n\r\n";
    ByteBuf bytes = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), json);
    // From the raw handler's place, in front of the codec: these bytes go to the socket (through TLS) as they are.
    rawContext.writeAndFlush(bytes).addListener(ChannelFutureListener.CLOSE);
  }

  private void stopTimers() {
    stopHeadTimer();
    if (headTimer != null) {
      headTimer.cancel(false);
      headTimer = null;
    }
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }

  /** Before the decoder: sees bytes arrive, and the drain's shutdown event. */
  private final class RawSide extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      rawContext = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      lastActivityNanos = System.nanoTime();
      if (awaitingHead && msg instanceof ByteBuf) {
        watchHead((ByteBuf) msg);
      }
      ctx.fireChannelRead(msg);
    }

    /**
     * Starts the head's clock at its first byte (blank lines too, or they could hold the connection), unless an
     * earlier request still waits for its answer: then the clock starts when that answer is written. Notes when the
     * head has text (a blank line before a request is allowed, RFC 9112 §2.2) and when a request line was read.
     */
    private void watchHead(ByteBuf bytes) {
      if (!bytes.isReadable()) {
        return;
      }
      if (headDueNanos == 0 && unanswered == 0) {
        startHeadTimer();
      }
      if (requestLineSeen) {
        return;
      }
      // Netty's searches rather than a loop of bounds-checked reads: this sees every request's first bytes.
      int from = bytes.readerIndex();
      if (!sawHeadText) {
        int text = bytes.forEachByte(from, bytes.writerIndex() - from, ByteProcessor.FIND_NON_CRLF);
        if (text < 0) {
          return;
        }
        sawHeadText = true;
        headBegun = true;
        from = text;
      }
      requestLineSeen = bytes.indexOf(from, bytes.writerIndex(), (byte) '\n') >= 0;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ShutdownEvent) {
        // Vert.x's server shutdown would close an idle HTTP/1.x connection at once, racing a request the client is
        // sending, and drop a request that arrives while an answer is being written. The drain does it gently
        // instead, and the server's shutdown timeout still closes whatever is left.
        closing = true;
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      stopTimers();
      ctx.fireChannelInactive();
    }
  }

  /** After the codec: sees each decoded request come in and each response go out. */
  private final class MessageSide extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (answeredByUs) {
        // What follows a request we answered ourselves (its body, say) is not for Vert.x: it never saw the request.
        ReferenceCountUtil.release(msg);
        return;
      }
      if (msg instanceof HttpRequest) {
        HttpRequest request = (HttpRequest) msg;
        awaitingHead = false;
        headBegun = false;
        sawHeadText = false;
        requestLineSeen = false;
        stopHeadTimer();
        // A request the decoder could not read goes on to Vert.x, whose invalid-request handler answers it.
        if (request.decoderResult().isSuccess() && refused(request)) {
          ReferenceCountUtil.release(msg);
          return;
        }
        if (closing || lifecycle.closing()) {
          closing = true;
          // As if the client had asked to close: Vert.x then answers "Connection: close" and closes after the answer.
          request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        unanswered++;
        receivingBody = true;
      } else if (msg instanceof HttpContent && !((HttpContent) msg).decoderResult().isSuccess()) {
        // Broken chunked framing: Vert.x would close the connection without a word.
        ReferenceCountUtil.release(msg);
        brokenBody(((HttpContent) msg).decoderResult().cause());
        return;
      }
      if (msg instanceof LastHttpContent) {
        receivingBody = false;
        awaitingHead = true;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      lastActivityNanos = System.nanoTime();
      boolean endsAnAnswer = false;
      if (msg instanceof HttpResponse) {
        HttpResponse response = (HttpResponse) msg;
        interimResponse = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (!interimResponse) {
          finalResponseBegun = true;
          if (closing) {
            // A request taken before the drain's closing phase: its answer tells the client not to send another.
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
          }
        }
      }
      if (msg instanceof LastHttpContent) {
        // The end of a response (a full response is a last content too); a 1xx one answers nothing yet.
        if (interimResponse) {
          interimResponse = false;
        } else {
          unanswered--;
          finalResponseBegun = false;
          endsAnAnswer = true;
          if (unanswered == 0 && awaitingHead && headBegun && headDueNanos == 0) {
            // Bytes of the next head came while this answer was pending: its clock starts now.
            startHeadTimer();
          }
        }
      }
      writesInFlight++;
      ChannelPromise written = promise.unvoid();
      boolean closeAfter = endsAnAnswer && closing;
      written.addListener(done -> {
        writesInFlight--;
        lastActivityNanos = System.nanoTime();
        if (closeAfter && betweenRequests() && channel.isActive()) {
          // Answered while closing, and nothing more has come in: close now rather than at the idle sweep.
          stats.closed(ConnectionStats.Closed.DRAINED);
          channel.close();
        }
      });
      ctx.write(msg, written);
    }
  }

  /**
   * Answers, itself, a request Vert.x must not see: an HTTP version other than 1.0 and 1.1 (505, or 400 when the
   * token is not even HTTP-version syntax, which Netty's parser lets through), a body framed by a transfer coding
   * that does not end in chunked (RFC 9112 §6.3: its length is unknown, so what follows could be read as a smuggled
   * request), or more than one Host (RFC 9112 §3.2). True when it answered.
   */
  private boolean refused(HttpRequest request) {
    HttpVersion version = request.protocolVersion();
    if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
      // Netty's parser hands back its own constants for exactly "HTTP/1.1" and "HTTP/1.0"; any other spelling of
      // those ("http/1.1", "HTTP/01.1") or another protocol name is not HTTP-version syntax (RFC 9112 §2.3).
      boolean lenientSpelling = version.majorVersion() == 1 && version.minorVersion() <= 1;
      if (version.protocolName().equals("HTTP") && !lenientSpelling) {
        refuse(ConnectionStats.Closed.VERSION_NOT_SUPPORTED, 505, "HTTP Version Not Supported",
            new JsonObject().put("error", "http_version_not_supported").put("message", version.text()
                + " is not supported; use HTTP/1.1 (or HTTP/2 over TLS)"));
      } else {
        refuseBadRequest(null, "the request line's HTTP version is not valid: write it HTTP/1.1");
      }
      return true;
    }
    List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!codings.isEmpty() && !lastCodingIsChunked(codings)) {
      refuseBadRequest("Transfer-Encoding", "Transfer-Encoding " + codings
          + " does not end in chunked, so the body's length is unknown");
      return true;
    }
    if (request.headers().getAll(HttpHeaderNames.HOST).size() > 1) {
      refuseBadRequest("Host", "Host is given more than once");
      return true;
    }
    return false;
  }

  private static boolean lastCodingIsChunked(List<String> codings) {
    String all = String.join(",", codings);
    String last = all.substring(all.lastIndexOf(',') + 1).trim();
    return last.equalsIgnoreCase("chunked");
  }

  /** A body whose framing the decoder could not read: answered 400 unless its answer has begun, then closed. */
  private void brokenBody(Throwable cause) {
    if (unanswered > 0 && !finalResponseBegun) {
      refuseBadRequest(null, "malformed request body framing"
          + (cause != null && cause.getMessage() != null ? ": " + cause.getMessage() : ""));
    } else {
      stats.closed(ConnectionStats.Closed.MALFORMED);
      answeredByUs = true;
      channel.close();
    }
  }

  private void refuseBadRequest(String param, String message) {
    refuse(ConnectionStats.Closed.MALFORMED, 400, "Bad Request", ApiErrors.badRequestBody(param, message));
  }

  private void refuse(ConnectionStats.Closed why, int status, String reason, JsonObject body) {
    answeredByUs = true;
    stats.closed(why);
    answerAndClose(status, reason, body);
  }
}
