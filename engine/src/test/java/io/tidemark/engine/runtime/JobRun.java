package io.tidemark.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.runtime.internals.FaultPoints;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One run of {@link DeviceCountsJob} in the kill tests: its input (produced once, remembered for
 * the reference), its directories, its worker child JVMs, and what it committed to the lake, read
 * back with DuckDB.
 */
final class JobRun {

    static final long BASE = java.time.Instant.parse("2026-01-01T23:40:00Z").toEpochMilli();

    record Event(String messageId, String device, long ts) {
    }

    final String bootstrap;
    final String name;
    final String topic;
    final Path dir;
    final Path lake;
    final Path checkpoints;
    final List<Event> events = new ArrayList<>();
    int rejectedInput;
    private long produced;
    private int launches;

    JobRun(String bootstrap, String name, Path dir) {
        this.bootstrap = bootstrap;
        this.name = name;
        this.topic = name + ".events";
        this.dir = dir;
        this.lake = dir.resolve("lake");
        this.checkpoints = dir.resolve("checkpoints");
    }

    /**
     * Produces {@code n} events of {@code devices} devices, spread over {@code n * stepMs} of event
     * time starting 20 minutes before midnight (two dt partitions), each up to 2 s out of order
     * (within the 5 s bound, so none is late), plus one undecodable record every 500.
     */
    void produce(int n, int devices, long stepMs, long seed) throws Exception {
        // Until the broker has created every partition of a new topic it answers NOT_LEADER, and an
        // idempotent producer's retry after that can loop on OUT_OF_ORDER_SEQUENCE_NUMBER until its
        // batches expire (seen here): asking each partition's end offset waits until they all lead.
        endOffsets();
        Random random = new Random(seed);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Every send is checked: a record the broker never acknowledged is not input, and must fail
        // the run here rather than show up later as an event the lake "lost".
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                Event e = new Event(name + "-m" + i, "device-" + random.nextInt(devices),
                        BASE + i * stepMs + random.nextInt(2000));
                events.add(e);
                sends.add(producer.send(new ProducerRecord<>(topic, e.device(), "{\"messageId\":\"" + e.messageId()
                        + "\",\"device\":\"" + e.device() + "\",\"ts\":" + e.ts() + "}")));
                if (i % 500 == 250) {
                    sends.add(producer.send(new ProducerRecord<>(topic, e.device(), "{not json " + i)));
                    rejectedInput++;
                }
            }
            producer.flush();
        }
        int failed = 0;
        Exception first = null;
        for (Future<RecordMetadata> f : sends) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failed++;
                first = first == null ? e : first;
            }
        }
        if (failed > 0) {
            throw new IllegalStateException("the broker did not acknowledge " + failed + " of " + sends.size()
                    + " input records; the test input is incomplete", first);
        }
        produced += sends.size();
        long inTopic = endOffsets().values().stream().mapToLong(Long::longValue).sum();
        if (inTopic != produced) {
            throw new IllegalStateException("the topic holds " + inTopic + " records, " + produced + " were produced");
        }
    }

    /** The topic's end offset by partition. */
    Map<Integer, Long> endOffsets() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            Map<Integer, Long> out = new TreeMap<>();
            c.endOffsets(partitions).forEach((tp, end) -> out.put(tp.partition(), end));
            return out;
        }
    }

    /** Starts a worker JVM that halts at {@code fault} (like {@code after-metadata@3}), or never if null. */
    Process launch(String fault, long nanosPerRecord, String instanceId) throws IOException {
        return launch(fault == null ? List.of() : List.of("-D" + FaultPoints.PROPERTY + "=" + fault), nanosPerRecord,
                instanceId);
    }

    /** Starts a worker JVM that stops itself (SIGSTOP) at {@code point} (like {@code commit-allowed@7}). */
    Process launchStoppingAt(String point, long nanosPerRecord, String instanceId) throws IOException {
        return launch(List.of("-D" + FaultPoints.STOP_PROPERTY + "=" + point), nanosPerRecord, instanceId);
    }

    private Process launch(List<String> faults, long nanosPerRecord, String instanceId) throws IOException {
        String classpath = stableClasspath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath));
        cmd.addAll(faults);
        cmd.addAll(List.of(DeviceCountsWorkerMain.class.getName(), bootstrap, checkpoints.toUri().toString(),
                lake.toUri().toString(), dir.resolve("work-" + launches).toString(), name, topic, "200",
                Long.toString(nanosPerRecord), instanceId == null ? "-" : instanceId));
        Files.createDirectories(dir);
        File log = dir.resolve("worker-" + launches++ + ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static String stableClasspath;

    /**
     * The test classpath with its class directories copied once per test JVM: other builds of this
     * module may rewrite {@code target/classes} while a worker JVM is loading from it.
     */
    static synchronized String stableClasspath() throws IOException {
        if (stableClasspath == null) {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Path copies = Files.createTempDirectory("tidemark-worker-classpath");
            List<String> entries = new ArrayList<>();
            int i = 0;
            for (String entry : cp.split(File.pathSeparator)) {
                Path source = Path.of(entry);
                if (Files.isDirectory(source)) {
                    Path target = copies.resolve("dir-" + i++);
                    try (var walk = Files.walk(source)) {
                        for (Path f : walk.toList()) {
                            Path t = target.resolve(source.relativize(f).toString());
                            if (Files.isDirectory(f)) {
                                Files.createDirectories(t);
                            } else {
                                Files.copy(f, t);
                            }
                        }
                    }
                    entries.add(target.toString());
                } else {
                    entries.add(entry);
                }
            }
            stableClasspath = String.join(File.pathSeparator, entries);
        }
        return stableClasspath;
    }

    /** Waits for the worker to exit by itself and returns its exit code. */
    static int await(Process p, long seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("worker did not exit within " + seconds + " s");
        }
        return p.exitValue();
    }

    /**
     * How far the tasks' checkpoints have come: the sum over tasks of the newest complete
     * checkpoint's id. It grows by one with every checkpoint a task completes, whatever the number
     * of checkpoints storage keeps (counting the kept ones stops growing once each task is at its
     * retention limit).
     */
    long completeCheckpoints(int partitions) throws IOException {
        CheckpointStorage storage = CheckpointStorage.at(checkpoints.toUri().toString(), name);
        long n = 0;
        for (int p = 0; p < partitions; p++) {
            long newest = 0;
            for (var ref : storage.list(p)) {
                if (ref.id() > newest && storage.read(ref).isPresent()) {
                    newest = ref.id();
                }
            }
            n += newest;
        }
        return n;
    }

    /** Copies the run's directory (logs, lake, checkpoints) out of the temporary directory. */
    void keepForInspection() throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "tidemark-failed-" + name + "-" + System.nanoTime());
        try (var walk = Files.walk(dir)) {
            for (Path f : walk.toList()) {
                Path t = target.resolve(dir.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else if (Files.isRegularFile(f)) {
                    Files.copy(f, t);
                }
            }
        }
        System.err.println("run kept in " + target);
    }

    String log(int worker) throws IOException {
        Path f = dir.resolve("worker-" + worker + ".log");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < launches; i++) {
            Path f = dir.resolve("worker-" + i + ".log");
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            b.append("--- worker ").append(i).append(" (last lines)\n");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
        }
        return b.toString();
    }

    /** Distinct input coordinates ({@code partition@offset}) of this run's records in the rejected topic. */
    java.util.Set<String> rejectedCoordinates(String rejectedTopic) {
        Properties p = new Properties();
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        java.util.Set<String> out = new java.util.TreeSet<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var tp = new org.apache.kafka.common.TopicPartition(rejectedTopic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (var r : consumer.poll(java.time.Duration.ofMillis(200))) {
                    if (header(r, "tidemark.topic").equals(topic)) {
                        assertThat(header(r, "tidemark.reason")).isEqualTo("undecodable");
                        out.add(header(r, "tidemark.partition") + "@" + header(r, "tidemark.offset"));
                    }
                }
            }
        }
        return out;
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The reference: per (device, window start) counts computed from the produced input. */
    Map<String, Long> expectedCounts() {
        Map<String, Long> m = new TreeMap<>();
        for (Event e : events) {
            m.merge(e.device() + "@" + (e.ts() - Math.floorMod(e.ts(), 60_000L)), 1L, Long::sum);
        }
        return m;
    }

    List<String> expectedMessageIds() {
        return events.stream().map(Event::messageId).sorted().toList();
    }

    /** Committed counts rows, one map entry per row; a duplicate row fails the test. */
    Map<String, Long> committedCounts() throws Exception {
        Map<String, Long> m = new TreeMap<>();
        query("SELECT device, epoch_ms(window_start) AS w, events FROM " + table("device_counts"), rs -> {
            Long before = m.put(rs.getString(1) + "@" + rs.getLong(2), rs.getLong(3));
            assertThat(before).as("duplicate count row %s@%s", rs.getString(1), rs.getLong(2)).isNull();
        });
        return m;
    }

    /** Committed archive message ids, sorted, duplicates kept. */
    List<String> committedMessageIds() throws Exception {
        List<String> ids = new ArrayList<>();
        query("SELECT message_id FROM " + table("device_events") + " ORDER BY message_id", rs -> ids.add(rs.getString(1)));
        return ids;
    }

    /** The archive rows whose dt partition is not the UTC date of their ts (must be none). */
    long misplacedArchiveRows() throws Exception {
        long[] n = new long[1];
        query("SELECT count(*) FROM " + table("device_events") + " WHERE CAST(dt AS VARCHAR) <> "
                + "strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%d')", rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    private String table(String dataset) {
        return "read_parquet('" + lake.resolve(dataset) + "/dt=*/*.parquet', hive_partitioning=true)";
    }

    interface RowConsumer {
        void accept(ResultSet rs) throws Exception;
    }

    private static void query(String sql, RowConsumer each) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                each.accept(rs);
            }
        }
    }
}
