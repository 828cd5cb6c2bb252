package dev.offload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback ports for child services (compare's children, the tests' servers), each handed out once per JVM.
 * A port the kernel gives for bind(0) is free when its socket closes, so the next call may get the same one: two
 * servers told to use it would then collide. Remembering what was given makes every port of this JVM different.
 */
public final class FreePorts {
  private static final int TRIES = 100;
  private static final Set<Integer> GIVEN = new HashSet<>();

  private FreePorts() {
  }

  /** A port no one listens on now and that this JVM has not handed out before. */
  public static synchronized int next() {
    for (int i = 0; i < TRIES; i++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        socket.setReuseAddress(true);
        if (GIVEN.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free port", e);
      }
    }
    throw new IllegalStateException("no port not handed out already in " + TRIES + " tries");
  }
}
