package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.runtime.Worker;
import io.tidemark.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits for a running live worker, the way an operator would watch it: consumer lag, then the lake's
 * staging directories. Each wait is bounded, so a stuck worker fails the test instead of hanging it.
 */
final class LiveWorkerProgress {
  private static final Duration LIMIT = Duration.ofMinutes(3);

  private LiveWorkerProgress() {}

  /**
   * Until the job's consumer group has committed the end offset of each of the topic's {@code
   * partitions}: the worker commits an offset after the checkpoint that staged everything before it.
   */
  static void awaitConsumed(String bootstrap, String group, int partitions, Worker worker) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(Topics.EVENTS, p));
      }
      Map<TopicPartition, Long> end = admin.listOffsets(tps.stream()
              .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()))).all().get()
          .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      await(worker, "the end offsets " + end + " committed", () -> {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return tps.stream().allMatch(p -> committed.get(p) != null && committed.get(p).offset() >= end.get(p));
      });
    }
  }

  /**
   * Until no staged part is left under {@code <lake>/<table>/_staging}: staged rows become visible
   * files once the writer's roll interval has passed, at a checkpoint.
   */
  static void awaitPublished(Path lake, Worker worker) throws Exception {
    await(worker, "no staged parts left in " + lake, () -> {
      try (Stream<Path> files = Files.walk(lake)) {
        return files.noneMatch(f -> f.getFileName().toString().endsWith(".staged"));
      }
    });
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Worker worker, String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!condition.holds()) {
      assertThat(worker.failure()).isNull();
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the worker did not reach: " + what + " within " + LIMIT);
      }
      Thread.sleep(200);
    }
  }
}
