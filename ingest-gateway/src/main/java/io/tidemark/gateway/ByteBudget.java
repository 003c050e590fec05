package io.tidemark.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes held by requests not yet answered, bounded: a request reserves before it holds and
 * releases when it is answered, so a flood of large requests meets 503 instead of an
 * OutOfMemoryError.
 */
final class ByteBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  ByteBudget(long limit) {
    this.limit = limit;
  }

  /** Reserves {@code bytes} if they fit; false (nothing reserved) when they do not. */
  boolean tryReserve(long bytes) {
    while (true) {
      long now = used.get();
      long next = now + bytes;
      if (next > limit) {
        return false;
      }
      if (used.compareAndSet(now, next)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }

  long limit() {
    return limit;
  }
}
