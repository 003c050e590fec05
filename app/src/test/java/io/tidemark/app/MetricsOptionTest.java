package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code --metrics FILE} of every command that runs the job graph: a broken file stops it before
 * it starts anything (no broker, no input read), exit 2, every problem listed.
 */
class MetricsOptionTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"worker", "up", "replay"})
  void aBrokenFileExits2WithEveryProblemListed(String command) throws Exception {
    Path metrics = dir.resolve("metrics.yaml");
    Files.writeString(metrics, """
        settings: {alpha: 2}
        metrics:
          - {id: revenue, kind: sum, event: Order Completed}
        """);
    Path input = Files.writeString(dir.resolve("events.ndjson"), "{}\n");
    List<String> args = new ArrayList<>(List.of(command, "--metrics", metrics.toString()));
    args.addAll(switch (command) {
      case "worker" -> List.of("--kafka", "localhost:1", "--lake", dir.toString(), "--checkpoints", dir.toString());
      case "up" -> List.of("--data-dir", dir.resolve("data").toString(), "--http-port", "0", "--kafka-port", "0");
      default -> List.of("--input", input.toString(), "--lake", dir.toString(), "--run-id", "r1");
    });
    StringWriter err = new StringWriter();
    CommandLine cli = Tidemark.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));

    int code = cli.execute(args.toArray(String[]::new));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("tidemark " + command + ": configuration error")
        .contains("--metrics " + metrics + ": settings.alpha: must be between 0 and 1")
        .contains("--metrics " + metrics + ": metrics[0].property: missing");
    assertThat(dir.resolve("data")).doesNotExist();
    assertThat(dir.resolve("replay")).doesNotExist();
  }
}
