package dev.offload.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's HTTP/1.x request decoder, with one rule of RFC 9112 §6.1 it lacks: a request that carries both
 * {@code Content-Length} and {@code Transfer-Encoding: chunked} is read by its chunks (as Netty does), and the
 * connection closes after its answer, since the two framings disagree on where the next request begins.
 */
final class GuardedRequestDecoder extends VertxHttpRequestDecoder {

  GuardedRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    super.handleTransferEncodingChunkedWithContentLength(message);
    // As if the client had asked: Vert.x answers "Connection: close", closes after it, and reads nothing more.
    message.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
  }
}
