package io.tidemark.pipeline;

import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.checkpoint.TransactionalSink;
import io.tidemark.engine.io.Sink;
import io.tidemark.engine.lake.LakeSink;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.task.Task;
import io.tidemark.lake.write.CommitGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The bounded tasks of one replay on a pool of threads: each task runs the graph over its input to
 * the end and pre-commits its lake files (one drained pre-commit per dataset), then closes.
 * {@link #await()} returns every pre-commit once all tasks succeeded, or throws the first failure;
 * {@link #commit} then publishes them all, as a restored live task finishes a pending commit. Close
 * interrupts tasks still running and deletes their state.
 */
final class ReplayTasks implements AutoCloseable {

  /** A task's pre-committed files of one lake sink. */
  record Staged(LakeSink<?, ?> sink, TaskInfo task, String state) {
  }

  private final LivePipeline.Graph graph;
  private final Path stateDir;
  private final ExecutorService pool;
  private final CompletionService<List<Staged>> done;
  private int submitted;
  private volatile boolean failed;

  ReplayTasks(LivePipeline.Graph graph, Path stateDir, int threads) {
    this.graph = graph;
    this.stateDir = stateDir;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, graph.pipeline().name() + "-task-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    this.done = new ExecutorCompletionService<>(pool);
  }

  /** Starts task {@code index} over {@code events} (as soon as a thread is free). */
  void submit(int index, Iterator<LoggedEvent> events) {
    submitted++;
    done.submit(() -> {
      try {
        return run(index, events);
      } catch (Throwable t) {
        failed = true;
        throw t;
      }
    });
  }

  /** True once a task has failed; feeding the others is then pointless. */
  boolean failed() {
    return failed;
  }

  /** Waits for every task; the first failure is thrown (unchecked as it was, or as its cause). */
  List<Staged> await() throws IOException {
    List<Staged> all = new ArrayList<>();
    for (int i = 0; i < submitted; i++) {
      try {
        all.addAll(done.take().get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for replay tasks", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      }
    }
    return all;
  }

  /** Publishes pre-committed files: each task's pending commit finished as recovery does. */
  static void commit(List<Staged> staged) throws IOException {
    for (Staged s : staged) {
      Sink<?> sink = s.sink().create(s.task());
      try {
        s.sink().transactional(s.task()).begin(Optional.of(s.state()), CommitGuard.ALWAYS);
      } finally {
        sink.close();
      }
    }
  }

  private List<Staged> run(int index, Iterator<LoggedEvent> events) throws IOException {
    TaskInfo info = new TaskInfo(graph.pipeline().name(), index);
    try (Task task = Task.builder(graph.pipeline()).backend(StateBackends.rocksDb()).task(info)
        .workDir(stateDir.resolve("task-" + index)).build()) {
      List<TransactionalSink> sinks = new ArrayList<>();
      for (LakeSink<?, ?> s : graph.sinks()) {
        TransactionalSink t = s.transactional(info);
        t.begin(Optional.empty(), CommitGuard.ALWAYS);
        sinks.add(t);
      }
      Task.Input<LoggedEvent> in = task.input(LivePipeline.SOURCE);
      while (events.hasNext()) {
        in.push(events.next());
      }
      task.endOfInput();
      List<Staged> staged = new ArrayList<>();
      for (int i = 0; i < sinks.size(); i++) {
        staged.add(new Staged(graph.sinks().get(i), info, sinks.get(i).preCommit(1, true)));
      }
      return staged;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("replay tasks did not stop within a minute");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> s = Files.walk(stateDir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + stateDir, e);
    }
  }
}
