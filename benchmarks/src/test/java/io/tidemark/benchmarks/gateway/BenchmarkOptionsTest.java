package io.tidemark.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
  @Test
  void defaults_saturateTheGateway_withMixedDeviceBatches() {
    BenchmarkOptions o = BenchmarkOptions.parse();
    assertThat(o.concurrency()).isEqualTo(256);
    assertThat(o.batch()).isEqualTo(50);
    assertThat(o.devicesPerBatch()).isZero();
  }

  @Test
  void devicesPerBatch_isBetweenZeroAndTheBatch() {
    assertThat(BenchmarkOptions.parse("--devices-per-batch", "1").devicesPerBatch()).isEqualTo(1);
    assertThat(BenchmarkOptions.parse("--batch", "20", "--devices-per-batch", "20").devicesPerBatch()).isEqualTo(20);
    assertThatThrownBy(() -> BenchmarkOptions.parse("--batch", "20", "--devices-per-batch", "21"))
        .hasMessage("--devices-per-batch must be between 0 (each event from a random device) and --batch (20), got 21");
  }

  @Test
  void everyProblem_isListed() {
    assertThatThrownBy(() -> BenchmarkOptions.parse("--concurrency", "0", "--devices-per-batch", "-1", "--nope", "1"))
        .hasMessageContainingAll("unknown flag --nope", "--concurrency must be at least 1, got 0",
            "--devices-per-batch must be between 0");
  }
}
