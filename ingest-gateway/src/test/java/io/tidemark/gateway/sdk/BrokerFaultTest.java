package io.tidemark.gateway.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.gateway.sdk.LoadClient.Attempt;
import io.tidemark.gateway.sdk.TopicReader.Envelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away under load and comes back, while clients keep sending batches and retrying
 * the ones that fail, as every SDK does.
 *
 * <p>What is asserted, and why:
 *
 * <ol>
 *   <li><b>Bounded answers.</b> While Kafka is down the gateway answers 503 with a {@code Retry-After}
 *       header, and no request takes longer than the produce timeout plus {@link #SLACK}: SDKs retry a
 *       503 and honour Retry-After, while a hanging request ties up their flush and their memory.
 *   <li><b>Never a 2xx for events Kafka does not have.</b> A request sent after the broker stopped and
 *       answered before it was started again cannot have been acknowledged by Kafka, so it must not
 *       get a 2xx (DESIGN.md: "never a 2xx for events Kafka does not have").
 *   <li><b>Recovery.</b> After the broker is back every client gets 2xx again without restarting
 *       anything: the gateway's producer reconnects by itself.
 *   <li><b>No acknowledged event lost.</b> Every messageId of a batch that got a 2xx is in the topic.
 *   <li><b>Duplicates only from client retries.</b> A messageId may appear more than once only if its
 *       batch was sent again after a 503: the 503'd attempt may have reached Kafka after all (the
 *       gateway cannot take back records handed to the producer), and the retry writes them again;
 *       the engine deduplicates those by messageId. Batches acknowledged on their first attempt appear
 *       exactly once: the idempotent producer's own retries across the broker restart must not
 *       duplicate anything.
 * </ol>
 */
class BrokerFaultTest {
  private static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(2);
  /** Room for scheduling on a busy 2-core machine on top of the produce timeout. */
  private static final Duration SLACK = Duration.ofSeconds(3);
  private static final int CLIENTS = 4;
  private static final int BATCH = 20;

  @TempDir Path dir;

  @Test
  void answers503WithRetryAfterWhileKafkaIsDownAndLosesNoAcknowledgedEvent() throws Exception {
    try (GatewayFixture fixture = GatewayFixture.start(dir, PRODUCE_TIMEOUT)) {
      List<LoadClient> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(new LoadClient(fixture.url(), GatewayFixture.basicAuth(), "c" + c, BATCH,
            PRODUCE_TIMEOUT.plus(Duration.ofSeconds(10))));
      }
      clients.forEach(LoadClient::start);

      awaitAll(clients, c -> c.ackedBatchesSince(0) >= 3, "every client got 2xx with the broker up");

      fixture.kafka.stop();
      long stopped = System.nanoTime();
      awaitAll(clients, c -> c.attempts().stream().anyMatch(a -> a.startNanos() >= stopped && a.status() == 503),
          "every client got a 503 for a request sent while the broker was down");
      long restarting = System.nanoTime();
      fixture.kafka.start();
      long restarted = System.nanoTime();
      awaitAll(clients, c -> c.ackedBatchesSince(restarted) >= 10, "every client got 2xx again after the restart");

      clients.forEach(LoadClient::stopAfterCurrentBatch);
      for (LoadClient c : clients) {
        assertThat(c.join(Duration.ofSeconds(60))).as(c.name() + " finished its last batch").isTrue();
      }

      List<Attempt> attempts = clients.stream().flatMap(c -> c.attempts().stream()).toList();
      Map<Integer, Long> statuses = attempts.stream().collect(Collectors.groupingBy(Attempt::status, Collectors.counting()));
      System.out.printf("broker fault: %d attempts, statuses %s, max latency %d ms%n", attempts.size(), statuses,
          attempts.stream().mapToLong(Attempt::latencyMillis).max().orElse(0));

      // 1. Only 200 and 503 (no transport errors, no 500s), bounded, 503s carry Retry-After.
      assertThat(statuses.keySet()).as("statuses seen (-1 = no answer: %s)", errors(attempts)).containsOnly(200, 503);
      assertThat(attempts).as("requests slower than the produce timeout + slack")
          .filteredOn(a -> a.latencyMillis() > PRODUCE_TIMEOUT.plus(SLACK).toMillis()).isEmpty();
      assertThat(attempts).filteredOn(a -> a.status() == 503)
          .isNotEmpty()
          .allSatisfy(a -> assertThat(a.retryAfterSeconds()).as("Retry-After of a 503: " + a.retryAfter())
              .isNotNull().isBetween(0L, 300L));

      // 2. Nothing sent and answered entirely while the broker was down got a 2xx.
      List<Attempt> whileDown = attempts.stream()
          .filter(a -> a.startNanos() >= stopped && a.endNanos() <= restarting).toList();
      assertThat(whileDown).as("requests sent and answered while the broker was down").isNotEmpty()
          .allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(503));

      // 3. Recovery was checked by awaitAll above; every batch was finally acknowledged.
      Map<String, LoadClient.Batch> batchOf = new HashMap<>();
      for (LoadClient c : clients) {
        assertThat(c.unfinished()).as(c.name() + " batches never acknowledged").isEmpty();
        for (LoadClient.Batch b : c.acked()) {
          b.messageIds().forEach(id -> batchOf.put(id, b));
        }
      }

      // 4. and 5. The whole topic.
      List<Envelope> topic;
      try (TopicReader reader = fixture.events()) {
        topic = reader.readToEnd(Duration.ofSeconds(60));
      }
      Map<String, Long> copies = topic.stream().collect(Collectors.groupingBy(Envelope::messageId, Collectors.counting()));
      Set<String> missing = batchOf.keySet().stream().filter(id -> !copies.containsKey(id)).collect(Collectors.toSet());
      assertThat(missing).as("acknowledged messageIds missing from the topic").isEmpty();
      assertThat(copies.keySet()).as("messageIds in the topic that no client sent").isSubsetOf(batchOf.keySet());

      Map<String, Long> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1)
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      long retriedBatches = batchOf.values().stream().distinct().filter(b -> b.attempts() > 1).count();
      System.out.printf("broker fault: %d events acknowledged, %d batches retried after 503, %d messageIds duplicated%n",
          batchOf.size(), retriedBatches, duplicated.size());
      assertThat(duplicated.keySet()).as("duplicated messageIds whose batch was acknowledged on its first attempt")
          .filteredOn(id -> batchOf.get(id).attempts() == 1).isEmpty();
    }
  }

  private static String errors(List<Attempt> attempts) {
    return attempts.stream().filter(a -> a.status() == -1).map(Attempt::error).distinct().limit(5).toList().toString();
  }

  private static void awaitAll(List<LoadClient> clients, Predicate<LoadClient> condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!clients.stream().allMatch(condition)) {
      assertThat(System.nanoTime()).as("within 60 s: " + what + "; " + clients).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
