package dev.offload.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import dev.offload.FreePorts;
import dev.offload.config.ClusterSettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Hazelcast member offload starts: on the one port given, bound to {@code cluster.host}, and with a Java
 * deserialization filter that refuses what a member could send to run a library's class on this one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HazelcastSettingsTest {

  /** Any class of the class path that is not Hazelcast's, the JDK's or vertx-hazelcast's. */
  record Gadget(String payload) implements Serializable {
  }

  @Test
  void onlyHazelcastsTheJdksAndVertxHazelcastsClassesAreDeserialized() throws Exception {
    int port = FreePorts.next();
    HazelcastInstance member = Hazelcast.newHazelcastInstance(HazelcastSettings.of(new ClusterSettings(
        "filter-test-" + port, "127.0.0.1", "127.0.0.1", port, 0, List.of("127.0.0.1:" + port), 2000, 30_000, 3)));
    try {
      assertEquals(port, member.getCluster().getLocalMember().getAddress().getPort(), "the port given, no other");
      assertEquals("127.0.0.1", member.getCluster().getLocalMember().getAddress().getHost());
      IMap<String, Object> map = member.getMap("filtered");
      // Maps keep values serialized: a get deserializes what any member may have put.
      map.put("jdk", new ArrayList<>(List.of("a", "b")));
      assertEquals(List.of("a", "b"), map.get("jdk"));
      map.put("gadget", new Gadget("run me"));
      HazelcastSerializationException refused = assertThrows(HazelcastSerializationException.class,
          () -> map.get("gadget"));
      Throwable cause = refused;
      while (cause.getCause() != null && !(cause instanceof SecurityException)) {
        cause = cause.getCause();
      }
      assertTrue(cause instanceof SecurityException && cause.getMessage().contains(Gadget.class.getName()),
          "refused by the filter: " + refused);
    } finally {
      member.shutdown();
    }
  }
}
