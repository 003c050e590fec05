package io.tidemark.benchmarks.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * This JVM's CPU time and context switches by thread group, from {@code /proc/self/task} (Linux;
 * elsewhere the table is empty): which part of the one process (broker, gateway, load generator)
 * spent the measured window's CPU. Names are the kernel's, cut at 15 characters. A thread that ends
 * inside the window is missing from its last snapshot and its CPU from the table (the benchmark's
 * threads all outlive the windows: the load generator's window ends before it stops).
 */
final class ThreadCpu {
  /** Groups by thread-name prefix, in report order; the rest is "other". */
  private static final Map<String, String> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("XNIO-1 task", "gateway workers (XNIO task)");
    GROUPS.put("XNIO-1 I/O", "gateway IO threads (XNIO I/O)");
    GROUPS.put("kafka-producer-", "producer network thread");
    GROUPS.put("data-plane-kafk", "broker (data-plane-kafka)");
    GROUPS.put("http-load", "load generator");
    GROUPS.put("C2 CompilerThre", "JIT compiler");
    GROUPS.put("C1 CompilerThre", "JIT compiler");
    GROUPS.put("GC Thread", "GC");
  }

  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  /**
   * One thread's counters: CPU in clock ticks (user + kernel), of which in the kernel, voluntary and
   * involuntary context switches.
   */
  private record Counters(String group, long ticks, long kernelTicks, long voluntary, long involuntary) {}

  /**
   * CPU (of which in the kernel: system calls, the loopback TCP stack, page faults) and context
   * switches of one group over a window.
   */
  record Group(String name, double cpuSeconds, double kernelSeconds, long voluntarySwitches, long involuntarySwitches) {}

  private final List<Map<String, Counters>> snapshots = new ArrayList<>();

  /** {@code cpuNanos}, and a snapshot of every thread each time it is read (at the window's edges). */
  LongSupplier recording(LongSupplier cpuNanos) {
    return () -> {
      snapshots.add(snapshot());
      return cpuNanos.getAsLong();
    };
  }

  /** The groups' use between the first and the last snapshot, in report order; empty without /proc. */
  List<Group> window() {
    if (snapshots.size() < 2) {
      return List.of();
    }
    Map<String, Counters> first = snapshots.get(0);
    Map<String, Counters> last = snapshots.get(snapshots.size() - 1);
    Map<String, long[]> sums = new LinkedHashMap<>();
    GROUPS.values().forEach(g -> sums.put(g, new long[4]));
    sums.put("other", new long[4]);
    last.forEach((tid, end) -> {
      Counters begin = first.getOrDefault(tid, new Counters(end.group(), 0, 0, 0, 0));
      long[] s = sums.get(end.group());
      s[0] += end.ticks() - begin.ticks();
      s[1] += end.kernelTicks() - begin.kernelTicks();
      s[2] += end.voluntary() - begin.voluntary();
      s[3] += end.involuntary() - begin.involuntary();
    });
    List<Group> groups = new ArrayList<>();
    sums.forEach((name, s) -> groups.add(
        new Group(name, s[0] / (double) TICKS_PER_SECOND, s[1] / (double) TICKS_PER_SECOND, s[2], s[3])));
    return groups;
  }

  private static Map<String, Counters> snapshot() {
    Map<String, Counters> threads = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return threads;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
      for (Path dir : dirs) {
        try {
          threads.put(dir.getFileName().toString(), read(dir));
        } catch (IOException | RuntimeException gone) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return threads;
  }

  private static Counters read(Path task) throws IOException {
    String stat = Files.readString(task.resolve("stat"), StandardCharsets.ISO_8859_1);
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    String name = stat.substring(open + 1, close);
    // after ")": state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15)
    String[] fields = stat.substring(close + 2).split(" ");
    long kernelTicks = Long.parseLong(fields[12]);
    long ticks = Long.parseLong(fields[11]) + kernelTicks;
    long voluntary = 0;
    long involuntary = 0;
    for (String line : Files.readAllLines(task.resolve("status"), StandardCharsets.ISO_8859_1)) {
      if (line.startsWith("voluntary_ctxt_switches:")) {
        voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
        involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return new Counters(groupOf(name), ticks, kernelTicks, voluntary, involuntary);
  }

  private static String groupOf(String threadName) {
    for (Map.Entry<String, String> g : GROUPS.entrySet()) {
      if (threadName.startsWith(g.getKey())) {
        return g.getValue();
      }
    }
    return "other";
  }
}
