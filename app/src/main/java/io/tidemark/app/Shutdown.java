package io.tidemark.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a long-lived command until Ctrl-C or SIGTERM, and lets it close what it started before the
 * JVM exits. Open it first in a try-with-resources so it is closed last:
 *
 * <pre>{@code
 * try (Shutdown shutdown = Shutdown.onSignal(); Server server = Server.start()) {
 *   shutdown.await();
 * } // server closes, then shutdown releases the JVM
 * }</pre>
 *
 * The JVM halts once its shutdown hooks return, so the hook waits (bounded) until the command has
 * closed its resources.
 */
final class Shutdown implements AutoCloseable {
  private static final long CLOSE_GRACE_SECONDS = 60;

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  private Shutdown() {}

  static Shutdown onSignal() {
    Shutdown shutdown = new Shutdown();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      shutdown.requested.countDown();
      try {
        shutdown.closed.await(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "tidemark-shutdown"));
    return shutdown;
  }

  /** Blocks until a shutdown is requested. */
  void await() throws InterruptedException {
    requested.await();
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
