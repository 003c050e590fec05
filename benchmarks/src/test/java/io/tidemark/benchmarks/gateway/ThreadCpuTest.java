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
import org.junit.jupiter.api.Test;

/** CPU by thread group: a thread's CPU between two snapshots lands in the group its name says. */
class ThreadCpuTest {

  @Test
  void aBusyThreadsCpuIsChargedToItsGroup() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc only");
    ThreadCpu threads = new ThreadCpu();
    LongSupplier snapshot = threads.recording(() -> 0L);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch end = new CountDownLatch(1);
    Thread worker = new Thread(() -> {
      try {
        go.await(); // alive at the first snapshot, busy only after it
        long start = mx.getCurrentThreadCpuTime();
        while (mx.getCurrentThreadCpuTime() - start < 300_000_000L) { // 0.3 s of CPU
          Thread.onSpinWait();
        }
        busy.countDown();
        end.await(); // still alive at the second snapshot: an ended thread's CPU is not in it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "XNIO-1 task-9");
    worker.start();
    snapshot.getAsLong();
    go.countDown();
    busy.await();
    snapshot.getAsLong();
    end.countDown();
    worker.join();

    List<ThreadCpu.Group> groups = threads.window();
    ThreadCpu.Group workers = groups.stream().filter(g -> g.name().startsWith("gateway workers")).findFirst().orElseThrow();
    assertThat(workers.cpuSeconds()).as("CPU ticks of the busy thread").isGreaterThanOrEqualTo(0.2);
    ThreadCpu.Group load = groups.stream().filter(g -> g.name().equals("load generator")).findFirst().orElseThrow();
    assertThat(load.cpuSeconds()).isZero();
  }

  @Test
  void userSpaceWork_isNotChargedToTheKernel() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc only");
    ThreadCpu threads = new ThreadCpu();
    LongSupplier snapshot = threads.recording(() -> 0L);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch end = new CountDownLatch(1);
    long[] sink = new long[1];
    Thread worker = new Thread(() -> {
      try {
        go.await();
        long start = mx.getCurrentThreadCpuTime();
        long x = 1;
        do { // arithmetic only: its CPU clock (a system call) is read once per ten million steps
          for (int k = 0; k < 10_000_000; k++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
          }
        } while (mx.getCurrentThreadCpuTime() - start < 300_000_000L);
        sink[0] = x;
        busy.countDown();
        end.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "XNIO-1 task-8");
    worker.start();
    snapshot.getAsLong();
    go.countDown();
    busy.await();
    snapshot.getAsLong();
    end.countDown();
    worker.join();

    ThreadCpu.Group workers = threads.window().stream().filter(g -> g.name().startsWith("gateway workers"))
        .findFirst().orElseThrow();
    assertThat(workers.cpuSeconds()).isGreaterThanOrEqualTo(0.2);
    assertThat(workers.kernelSeconds()).as("kernel part of %s s of arithmetic (sink %s)", workers.cpuSeconds(), sink[0])
        .isLessThan(workers.cpuSeconds() / 4);
  }
}
