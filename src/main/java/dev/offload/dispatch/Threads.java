package dev.offload.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Thread facts that differ across JDKs: {@code Thread.isVirtual()} exists from Java 21 on, and we compile for 17. */
public final class Threads {
  private static final MethodHandle IS_VIRTUAL = findIsVirtual();

  private Threads() {
  }

  public static boolean isVirtual(Thread thread) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable t) {
      return false;
    }
  }

  private static MethodHandle findIsVirtual() {
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
