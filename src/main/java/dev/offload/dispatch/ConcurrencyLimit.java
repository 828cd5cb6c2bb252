package dev.offload.dispatch;

/** How many tasks of a pool may run at once; it may move with the queue waits it is shown. */
public interface ConcurrencyLimit {

  int current();

  /**
   * Shown each task as it starts, under the admission lock.
   *
   * @param queueWaitMs how long the task waited in the admission queue
   * @param running how many tasks run, this one included
   */
  void onStart(double queueWaitMs, int running);

  /** A limit that never moves. */
  static ConcurrencyLimit fixed(int limit) {
    return new ConcurrencyLimit() {
      @Override
      public int current() {
        return limit;
      }

      @Override
      public void onStart(double queueWaitMs, int running) {
        // Fixed: nothing to learn.
      }
    };
  }
}
