package io.tidemark.engine.bench;

import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.config.EngineConfig;
import io.tidemark.engine.io.Sink;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.task.Task;
import io.tidemark.engine.window.Aggregates;
import io.tidemark.engine.window.SessionWindows;
import io.tidemark.engine.window.WindowResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * Throughput of a per-device session-window count on one task with the RocksDB backend: the
 * engine's share of the Flink comparison (no Kafka, no parsing).
 *
 * <pre>java -cp ... io.tidemark.engine.bench.SessionWindowThroughput [events] [keys] [cacheEntries]</pre>
 *
 * Events advance event time by 2 ms on average with up to 2 s of disorder (watermark bound 5 s);
 * each key gets an event about every {@code keys * 2 ms}; sessions close after 30 min of inactivity.
 */
public final class SessionWindowThroughput {

    record Event(String deviceId, long timestamp) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int cache = args.length > 2 ? Integer.parseInt(args[2]) : 256 * 1024;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Event[] events = generate(n, keys);
        System.out.printf("events=%d keys=%d cacheEntries=%d gap=30min%n", n, keys, cache);
        for (int run = 0; run <= runs; run++) {
            Result r = runOnce(events, cache);
            System.out.printf("%s run %d: %,.0f events/s wall (%d ms), %,.0f events/s per CPU-second of the task"
                            + " thread (%d ms), %d sessions emitted, end-of-input %d ms%n",
                    run == 0 ? "warm-up" : "measured", run, n * 1000.0 / r.millis, r.millis,
                    n * 1000.0 / r.cpuMillis, r.cpuMillis, r.sessions, r.endMillis);
        }
    }

    record Result(long millis, long cpuMillis, long sessions, long endMillis) {
    }

    static Event[] generate(int n, int keys) {
        Random rnd = new Random(1);
        String[] ids = new String[keys];
        for (int i = 0; i < keys; i++) {
            ids[i] = "device-" + Integer.toHexString(0x100000 + i) + "-" + rnd.nextInt(1_000_000);
        }
        Event[] out = new Event[n];
        long base = 1_700_000_000_000L;
        for (int i = 0; i < n; i++) {
            long t = base + 2L * i - rnd.nextInt(2_000);
            out[i] = new Event(ids[rnd.nextInt(keys)], t);
        }
        return out;
    }

    static Result runOnce(Event[] events, int cacheEntries) throws Exception {
        long[] sessions = new long[1];
        Pipeline p = new Pipeline("bench");
        p.source("events", Sources.<Event>empty(), Event::timestamp)
                .keyBy(Event::deviceId, Serdes.STRING)
                .window(SessionWindows.withGap(Duration.ofMinutes(30)))
                .aggregate("sessions", Aggregates.count(), Serdes.LONG)
                .sink("out", task -> new Sink<WindowResult<String, Long>>() {
                    @Override
                    public void write(WindowResult<String, Long> value, long timestamp) {
                        sessions[0]++;
                    }
                });
        Path dir = Files.createTempDirectory("tidemark-bench");
        EngineConfig config = EngineConfig.defaults().with(EngineConfig.CACHE_MAX_ENTRIES, cacheEntries);
        try (Task task = Task.builder(p).config(config).backend(StateBackends.rocksDb(config.rocksDbOptions()))
                .task(new TaskInfo("bench", 0)).workDir(dir.resolve("task")).build()) {
            Task.Input<Event> in = task.input("events");
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuStart = mx.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (Event e : events) {
                in.push(e, e.timestamp());
            }
            long beforeEnd = System.nanoTime();
            task.endOfInput();
            long end = System.nanoTime();
            long cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
            return new Result((end - start) / 1_000_000, cpu, sessions[0], (end - beforeEnd) / 1_000_000);
        } finally {
            deleteRecursively(dir);
        }
    }

    static void deleteRecursively(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
