package io.tidemark.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once from Kafka to committed Parquet across real crashes: a worker JVM is killed (SIGKILL
 * from outside, or {@code Runtime.halt} at a named checkpoint step), restarted, and finally runs
 * to the end of its bounded input; the committed lake, read with DuckDB, must equal a reference
 * computed from the input: every event archived once, every (device, minute) counted once, right.
 */
class ExactlyOnceKillTest {

    private static final int PARTITIONS = 4;

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldCommitEveryEventOnceWhenHaltedAtEachCheckpointStep() throws Exception {
        JobRun run = newRun("halts");
        // Enough input that no run reaches the end (its workers stop at the end) before its fault
        // point: 4,000 events were sometimes all committed by the first four runs.
        run.produce(16_000, 24, 400, 1);
        // Each run halts at a different step of some checkpoint; the last one runs to the end.
        for (String fault : new String[] {"async-start@2", "after-upload@3", "after-metadata@6", "in-commit@4",
            "checkpoint-start@5"}) {
            Process p = run.launch(fault, 200_000, "w");
            assertThat(JobRun.await(p, 60)).as("run with %s must halt there\n%s", fault, run.logs()).isEqualTo(137);
        }
        finishAndCompare(run);
    }

    @Test
    void shouldCommitEveryEventOnceWhenKilledFromOutside() throws Exception {
        JobRun run = newRun("kills");
        run.produce(4_000, 24, 400, 2);
        long before = 0;
        for (int kill = 0; kill < 2; kill++) {
            Process p = run.launch(null, 300_000, "w");
            // kill -9 once this run has completed a few more checkpoints: between or during one
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (run.completeCheckpoints(PARTITIONS) < before + 6 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(p.isAlive()).as("worker should still be running\n%s", run.logs()).isTrue();
            Thread.sleep(kill * 97L);
            p.destroyForcibly().waitFor();
            before = run.completeCheckpoints(PARTITIONS);
        }
        finishAndCompare(run);
    }

    @Test
    void shouldCommitEveryEventOnceWhenASecondWorkerJoinsAndLeaves() throws Exception {
        JobRun run = newRun("rebalance");
        run.produce(4_000, 24, 400, 3);
        Process a = run.launch(null, 2_000_000, null);
        awaitLog(run, 0, "starts from scratch");
        Process b = run.launch(null, 2_000_000, null);
        // b takes over some tasks from a's checkpoints, works on them, then leaves gracefully
        awaitLog(run, 1, "restored checkpoint");
        Thread.sleep(1_000);
        assertThat(b.isAlive()).as("second worker should run until told to leave\n%s", run.logs()).isTrue();
        b.destroy(); // SIGTERM: its tasks checkpoint on revocation, it leaves the group, a takes them back
        assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(JobRun.await(a, 120)).as("first worker finishes the job\n%s", run.logs()).isZero();
        assertThat(run.log(0)).as("a restores the tasks b checkpointed").contains("restored checkpoint");
        compare(run);
    }

    /**
     * A zombie: a worker frozen (SIGSTOP, as in a long GC pause) right after the fence allowed a
     * rename of its lake commit, before the rename. Its session expires, a second worker takes every
     * partition (newer epochs) and restores its checkpoints; then the first worker runs on (SIGCONT)
     * and makes that rename, finds the name taken, and is stopped by the fence at its next step.
     */
    @Test
    @EnabledOnOs(OS.LINUX) // SIGSTOP, SIGCONT and /proc
    void shouldCommitEveryEventOnceWhenAWorkerFrozenInsideACommitComesBackAsAZombie() throws Exception {
        JobRun run = newRun("zombie");
        run.produce(2_000, 24, 400, 4);
        // The fence allows a commit's steps in pairs, rename then delete, one merge at a time on the one
        // checkpoint thread: its 3rd allowed step is a rename.
        Process zombie = run.launchStoppingAt("commit-allowed@3", 2_000_000, null);
        awaitLog(run, 0, "FAULT: stopping at commit-allowed@3");
        awaitState(zombie, 'T');
        Process successor = run.launch(null, 2_000_000, null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (run.log(1).split("restored checkpoint|starts from scratch", -1).length - 1 < PARTITIONS) {
            assertThat(System.nanoTime()).as("the second worker never took every task\n%s", run.logs())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }

        signal(zombie, "CONT");
        awaitLog(run, 0, "FAULT: continued at commit-allowed@3");
        awaitLog(run, 0, "fenced");
        successor.destroyForcibly().waitFor();
        zombie.destroyForcibly().waitFor();
        finishAndCompare(run);
    }

    private static void signal(Process p, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor()).isZero();
    }

    /** Waits until {@code p}'s state in /proc is {@code state} (T: stopped). */
    private static void awaitState(Process p, char state) throws Exception {
        Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String text = java.nio.file.Files.readString(stat);
            if (text.charAt(text.lastIndexOf(')') + 2) == state) {
                return;
            }
            assertThat(System.nanoTime()).as("process %d never reached state %s: %s", p.pid(), state, text)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitLog(JobRun run, int worker, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!run.log(worker).contains(text)) {
            assertThat(System.nanoTime()).as("worker %d never logged '%s'\n%s", worker, text, run.logs())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private JobRun newRun(String name) {
        JobRun run = new JobRun(kafka.bootstrapServers(), name, dir.resolve(name));
        kafka.createTopics(PARTITIONS, run.topic);
        kafka.createTopics(1, WorkerConfig.DEFAULT_REJECTED_TOPIC);
        return run;
    }

    private static void finishAndCompare(JobRun run) throws Exception {
        Process last = run.launch(null, 0, "w");
        assertThat(JobRun.await(last, 120)).as("final run must finish\n%s", run.logs()).isZero();
        compare(run);
    }

    private static void compare(JobRun run) throws Exception {
        try {
            compareOnce(run);
        } catch (AssertionError e) {
            run.keepForInspection();
            throw e;
        }
    }

    private static void compareOnce(JobRun run) throws Exception {
        List<String> committed = run.committedMessageIds();
        Map<String, Long> times = committed.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList())
                .as("archive: duplicated events\n%s", run.logs()).isEmpty();
        assertThat(run.expectedMessageIds().stream().filter(id -> !times.containsKey(id)).toList())
                .as("archive: lost events\n%s", run.logs()).isEmpty();
        assertThat(committed).as("archive: every event exactly once").hasSameSizeAs(run.expectedMessageIds());
        assertThat(run.committedCounts()).as("counts per device and minute").isEqualTo(run.expectedCounts());
        assertThat(run.misplacedArchiveRows()).isZero();
        assertThat(run.rejectedCoordinates(WorkerConfig.DEFAULT_REJECTED_TOPIC))
                .as("every undecodable record reaches the rejected topic (at least once)").hasSize(run.rejectedInput);
    }
}
