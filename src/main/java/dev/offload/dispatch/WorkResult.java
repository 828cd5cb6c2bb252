package dev.offload.dispatch;

import io.vertx.core.Future;

/** A worker verticle's reply: the work's value or the exception it threw, carried as is (local delivery only). */
record WorkResult(Object value, Throwable failure) {

  Future<Object> toFuture() {
    return failure == null ? Future.succeededFuture(value) : Future.failedFuture(failure);
  }
}
