package io.tidemark.bench.peer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a benchmark JVM costs: CPU time of the whole process (every thread: work, JIT, GC, RocksDB's
 * background threads) and heap. {@link #start()} begins sampling the used heap every 200 ms.
 */
public final class JvmProbe implements AutoCloseable {

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peakHeap = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;
  private long cpuStart;
  private long wallStart;

  public JvmProbe() {
    sampler = new Thread(() -> {
      while (running) {
        peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
  }

  /** Starts the clocks and the heap sampler. */
  public JvmProbe start() {
    cpuStart = os.getProcessCpuTime();
    wallStart = System.nanoTime();
    sampler.start();
    return this;
  }

  public long cpuNanos() {
    return os.getProcessCpuTime() - cpuStart;
  }

  public long wallNanos() {
    return System.nanoTime() - wallStart;
  }

  /** The largest used heap seen by the sampler (live objects and garbage not yet collected). */
  public long peakHeapBytes() {
    return Math.max(peakHeap.get(), memory.getHeapMemoryUsage().getUsed());
  }

  /** Used heap right after a full collection: what the process holds live at this moment. */
  public long liveHeapBytes() {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** The one-minute load average of the machine (other tenants included). */
  public double loadAverage() {
    return os.getSystemLoadAverage();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
