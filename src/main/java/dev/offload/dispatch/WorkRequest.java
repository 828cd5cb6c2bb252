package dev.offload.dispatch;

import java.util.concurrent.Callable;

/** The event-bus body carrying work to a worker verticle; it never leaves the JVM. */
record WorkRequest(Callable<?> work) {
}
