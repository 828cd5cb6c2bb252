package dev.offload.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where a route's blocking work runs; the config name is what users write in {@code routes.<name>.strategy}. */
public enum Strategy {
  EVENT_LOOP("event-loop"),
  EXECUTE_BLOCKING("execute-blocking"),
  WORKER_POOL("worker-pool"),
  WORKER_VERTICLE("worker-verticle"),
  VIRTUAL_THREAD("virtual-thread"),
  CLUSTER("cluster");

  private final String configName;

  Strategy(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** True for strategies that need a named pool from this node's {@code pools}. */
  public boolean needsPool() {
    return this == WORKER_POOL || this == WORKER_VERTICLE;
  }

  /** True for the strategy whose {@code pool} names a pool that other nodes export. */
  public boolean remote() {
    return this == CLUSTER;
  }

  public static Strategy fromConfigName(String key, String name) {
    for (Strategy s : values()) {
      if (s.configName.equals(name)) {
        return s;
      }
    }
    throw new ConfigException(key, "unknown strategy \"" + name + "\" (one of " + allNames() + ")");
  }

  public static String allNames() {
    return Arrays.stream(values()).map(Strategy::configName).collect(Collectors.joining(", "));
  }
}
