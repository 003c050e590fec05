package io.tidemark.pipeline;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The input of one replay task, fed by the thread that splits the events: {@link #add} and
 * {@link #finish} on the feeding thread, the iterator on the task's thread. Events travel in
 * batches through a bounded queue, so a task that falls behind slows the feeder down instead of
 * filling the heap; a feeder blocked on a full queue gives up once {@code abort} says a task failed
 * (the failed task would never drain it).
 */
final class TaskFeed implements Iterator<LoggedEvent> {

  /** Thrown on the feeding thread when a task failed: the task's own exception is the one to report. */
  static final class Aborted extends RuntimeException {
    Aborted() {
      super("a replay task failed", null, false, false);
    }
  }

  private static final int BATCH = 256;
  private static final int QUEUED_BATCHES = 8;
  private static final List<LoggedEvent> END = new ArrayList<>(0);

  private final BlockingQueue<List<LoggedEvent>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private List<LoggedEvent> filling = new ArrayList<>(BATCH);
  private List<LoggedEvent> draining = List.of();
  private int position;
  private boolean ended;

  void add(LoggedEvent e, BooleanSupplier abort) {
    filling.add(e);
    if (filling.size() == BATCH) {
      hand(filling, abort);
      filling = new ArrayList<>(BATCH);
    }
  }

  /** No more events: the iterator ends after those already added. */
  void finish(BooleanSupplier abort) {
    if (!filling.isEmpty()) {
      hand(filling, abort);
      filling = new ArrayList<>(0);
    }
    hand(END, abort);
  }

  private void hand(List<LoggedEvent> batch, BooleanSupplier abort) {
    try {
      while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
        if (abort.getAsBoolean()) {
          throw new Aborted();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while feeding a replay task", e);
    }
  }

  @Override
  public boolean hasNext() {
    while (position == draining.size()) {
      if (ended) {
        return false;
      }
      try {
        List<LoggedEvent> next = queue.take();
        if (next == END) {
          ended = true;
          return false;
        }
        draining = next;
        position = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("replay task interrupted while waiting for events", e);
      }
    }
    return true;
  }

  @Override
  public LoggedEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return draining.get(position++);
  }
}
