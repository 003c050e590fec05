package io.tidemark.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CPU by thread group: a thread's CPU between two snapshots lands in the group its name says. */
class ThreadCpuTest {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
  private static final long BUSY_NANOS = 300_000_000L; // 0.3 s of CPU

  @BeforeEach
  void linuxOnly() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc only");
  }

  @Test
  void aBusyThreadsCpuIsChargedToItsGroup() throws Exception {
    List<ThreadCpu.Group> groups = window("XNIO-1 task-9", () -> {
      long start = MX.getCurrentThreadCpuTime();
      while (MX.getCurrentThreadCpuTime() - start < BUSY_NANOS) {
        Thread.onSpinWait();
      }
    });

    assertThat(group(groups, "gateway workers").cpuSeconds()).as("CPU ticks of the busy thread")
        .isGreaterThanOrEqualTo(0.2);
    assertThat(group(groups, "load generator").cpuSeconds()).isZero();
  }

  @Test
  void userSpaceWork_isNotChargedToTheKernel() throws Exception {
    long[] sink = new long[1];
    List<ThreadCpu.Group> groups = window("XNIO-1 task-8", () -> {
      long start = MX.getCurrentThreadCpuTime();
      long x = 1;
      do { // arithmetic only: its CPU clock (a system call) is read once per ten million steps
        for (int k = 0; k < 10_000_000; k++) {
          x = x * 6364136223846793005L + 1442695040888963407L;
        }
      } while (MX.getCurrentThreadCpuTime() - start < BUSY_NANOS);
      sink[0] = x;
    });

    ThreadCpu.Group workers = group(groups, "gateway workers");
    assertThat(workers.cpuSeconds()).isGreaterThanOrEqualTo(0.2);
    assertThat(workers.kernelSeconds()).as("kernel part of %s s of arithmetic (sink %s)", workers.cpuSeconds(), sink[0])
        .isLessThan(workers.cpuSeconds() / 4);
  }

  /**
   * The thread groups' CPU over a window in which a thread named {@code threadName} does {@code
   * work}: the thread is alive at the first snapshot and busy only after it, and still alive at the
   * second (an ended thread's CPU is not in a snapshot).
   */
  private static List<ThreadCpu.Group> window(String threadName, Runnable work) throws InterruptedException {
    ThreadCpu threads = new ThreadCpu();
    LongSupplier snapshot = threads.recording(() -> 0L);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch end = new CountDownLatch(1);
    Thread worker = new Thread(() -> {
      try {
        go.await();
        work.run();
        busy.countDown();
        end.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, threadName);
    worker.start();
    snapshot.getAsLong();
    go.countDown();
    busy.await();
    snapshot.getAsLong();
    end.countDown();
    worker.join();
    return threads.window();
  }

  private static ThreadCpu.Group group(List<ThreadCpu.Group> groups, String prefix) {
    return groups.stream().filter(g -> g.name().startsWith(prefix)).findFirst().orElseThrow();
  }
}
