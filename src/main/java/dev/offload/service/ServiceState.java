package dev.offload.service;

import dev.offload.config.AppliedConfig;
import dev.offload.config.OffloadConfig;
import dev.offload.dispatch.Admission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running service at one moment: the applied config, every pool's admission (built-in and named, with the
 * threads each grants on), the pools a change removed that still finish work, and the route table bound to them.
 * Immutable: a config change builds the next state and swaps it in whole ({@link CurrentState}), and a request reads
 * it once and keeps what it read.
 *
 * @param pools every live pool's admission by label, built-in ones first, then named ones in config order
 * @param retiring admissions of pools a change removed; each runs what it holds, then is gone
 */
public record ServiceState(AppliedConfig applied, Map<String, Admission> pools, List<Admission> retiring,
    RouteTable routes) {

  /** How {@code /stats} labels a pool that the config no longer names while its last work finishes. */
  public static final String REMOVED_SUFFIX = " (removed)";

  public ServiceState {
    pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
    retiring = List.copyOf(retiring);
  }

  public OffloadConfig config() {
    return applied.config();
  }

  /** What {@code /stats} and readiness list: the live pools, then removed ones not yet gone. Reads, never changes. */
  public Map<String, Admission> listedPools() {
    Map<String, Admission> out = new LinkedHashMap<>(pools);
    for (Admission a : retiring) {
      if (!a.gone()) {
        // A pool removed, added again and removed again may still have two earlier selves finishing work.
        String label = a.pool() + REMOVED_SUFFIX;
        for (int n = 2; out.containsKey(label); n++) {
          label = a.pool() + " (removed " + n + ")";
        }
        out.put(label, a);
      }
    }
    return out;
  }

  /** Every admission that can still hold work, live or retiring: what a drain has to reach. */
  public List<Admission> allAdmissions() {
    List<Admission> all = new ArrayList<>(pools.values());
    all.addAll(retiring);
    return all;
  }
}
