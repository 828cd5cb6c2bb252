package dev.offload.dispatch;

import dev.offload.config.Strategy;

/** The kind and pool label every strategy reports; subclasses only say where the work runs. */
abstract class LabelledDispatch implements DispatchStrategy {
  private final Strategy kind;
  private final String pool;

  LabelledDispatch(Strategy kind, String pool) {
    this.kind = kind;
    this.pool = pool;
  }

  @Override
  public final Strategy kind() {
    return kind;
  }

  @Override
  public final String pool() {
    return pool;
  }
}
