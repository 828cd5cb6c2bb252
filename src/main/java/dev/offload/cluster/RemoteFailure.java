package dev.offload.cluster;

/** The work failed on a cluster node; that node's log has the stack trace. */
public final class RemoteFailure extends RuntimeException {
  public RemoteFailure(String node, String message) {
    super("on node " + node + ": " + message, null, false, false);
  }
}
