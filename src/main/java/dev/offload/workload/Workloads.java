package dev.offload.workload;

import dev.offload.workload.db.DbWorkload;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The workloads a service offers, by name: the built-in set ({@link #builtIn()}) and the plug-ins found on the
 * class path ({@link #withPlugins()}).
 */
public final class Workloads {
  private final Map<String, Workload> byName;

  private Workloads(Map<String, Workload> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** New instances of the built-in workloads: each service opens and closes its own. */
  public static Workloads builtIn() {
    return of(new CpuWorkload(), new SleepWorkload(), new HashWorkload(), new DbWorkload());
  }

  /**
   * The built-in workloads plus every {@link Workload} that {@link ServiceLoader} finds through the context class
   * loader (the jars in {@code plugins/} when started by {@code run.sh}). A plug-in that cannot be loaded, or whose
   * name is taken, fails the start with its class named.
   */
  public static Workloads withPlugins() {
    List<Workload> all = new ArrayList<>(builtIn().all());
    try {
      for (Workload plugin : ServiceLoader.load(Workload.class)) {
        all.add(plugin);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalArgumentException("cannot load a plug-in workload: " + e.getMessage(), e);
    }
    return of(all.toArray(new Workload[0]));
  }

  public static Workloads of(Workload... workloads) {
    Map<String, Workload> map = new LinkedHashMap<>();
    for (Workload w : workloads) {
      if (!w.name().matches("[a-z][a-z0-9-]{0,31}")) {
        throw new IllegalArgumentException("workload name must match [a-z][a-z0-9-]{0,31}: " + w.name());
      }
      Workload taken = map.putIfAbsent(w.name(), w);
      if (taken != null) {
        throw new IllegalArgumentException("two workloads named " + w.name() + ": " + taken.getClass().getName()
            + " and " + w.getClass().getName());
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
