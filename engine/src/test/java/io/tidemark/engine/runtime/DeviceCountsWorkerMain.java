package io.tidemark.engine.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A worker of {@link DeviceCountsJob} as its own JVM, for the kill tests. Arguments:
 * {@code bootstrap checkpoints lake workDir jobName topic intervalMs nanosPerRecord instanceId|-}.
 * Runs in bounded mode; exits 0 when every partition is finished, 1 on failure.
 * {@code -Dtidemark.fault.halt=<point>@<n>} makes it halt at a checkpoint step,
 * {@code -Dtidemark.fault.stop=<point>@<n>} stop itself there until SIGCONT.
 */
public final class DeviceCountsWorkerMain {

    private DeviceCountsWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        Job<?> job = DeviceCountsJob.create(args[4], args[5], args[2], Long.parseLong(args[7]));
        WorkerConfig config = WorkerConfig.of(args[0], args[1], Path.of(args[3]))
                .withCheckpointInterval(Duration.ofMillis(Long.parseLong(args[6])))
                .withStopAtEnd(true)
                .withConsumerOverrides(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500"));
        if (!args[8].equals("-")) {
            config = config.withGroupInstanceId(args[8]);
        }
        Worker worker = Worker.start(job, config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                worker.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        worker.awaitTermination();
        Throwable failure = worker.failure();
        if (failure != null) {
            failure.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
        System.out.println("WORKER DONE");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
