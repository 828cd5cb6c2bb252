package dev.offload.workload;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The workloads a service offers, by name; the built-in set is {@link #builtIn()}. */
public final class Workloads {
  private final Map<String, Workload> byName;

  private Workloads(Map<String, Workload> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  public static Workloads builtIn() {
    return of(new CpuWorkload(), new SleepWorkload());
  }

  public static Workloads of(Workload... workloads) {
    Map<String, Workload> map = new LinkedHashMap<>();
    for (Workload w : workloads) {
      if (!w.name().matches("[a-z][a-z0-9-]{0,31}")) {
        throw new IllegalArgumentException("workload name must match [a-z][a-z0-9-]{0,31}: " + w.name());
      }
      if (map.putIfAbsent(w.name(), w) != null) {
        throw new IllegalArgumentException("two workloads named " + w.name());
      }
    }
    return new Workloads(map);
  }

  /** A copy with one more workload (tests use it to add a workload that throws). */
  public Workloads plus(Workload extra) {
    Workload[] all = byName.values().toArray(new Workload[0]);
    Workload[] more = java.util.Arrays.copyOf(all, all.length + 1);
    more[all.length] = extra;
    return of(more);
  }

  public Optional<Workload> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<Workload> all() {
    return byName.values();
  }
}
