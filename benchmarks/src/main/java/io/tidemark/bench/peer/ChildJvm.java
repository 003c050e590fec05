package io.tidemark.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one benchmark side in a JVM of its own (its own classpath: Flink's and our RocksDB bindings
 * must never meet) and reads back its {@code RESULT {json}} line. The child's whole output goes to
 * {@code log}; a failure shows its last lines.
 */
final class ChildJvm {

  /**
   * What Flink's own launch scripts open for Java 17 ({@code env.java.opts.all} of its default
   * configuration): its serializers reach into JDK classes by reflection.
   */
  static final List<String> FLINK_JAVA_17_OPTIONS = List.of(
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The result of a child: its RESULT object and the wall time of the whole process (JVM start included). */
  record Outcome(JsonNode result, long processMillis) {
    long longValue(String field) {
      JsonNode v = result.get(field);
      if (v == null || !v.isNumber()) {
        throw new IllegalStateException("RESULT has no number " + field + ": " + result);
      }
      return v.asLong();
    }

    double doubleValue(String field) {
      JsonNode v = result.get(field);
      return v == null ? Double.NaN : v.asDouble();
    }
  }

  private ChildJvm() {
  }

  /** Runs {@code java <jvmOptions> -cp <classpath> <main> <args>}. */
  static Outcome run(List<String> jvmOptions, String classpath, String main, List<String> args, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(main);
    command.addAll(args);
    return runCommand(command, log, true);
  }

  /** Runs any command; with {@code needsResult} its output must hold a RESULT line. */
  static Outcome runCommand(List<String> command, Path log, boolean needsResult)
      throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = p.waitFor();
    long millis = (System.nanoTime() - start) / 1_000_000;
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(3, command.size()))) + " ... "
          + command.get(command.size() - 1) + " exited with " + exit + "; last lines of " + log + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size())));
    }
    JsonNode result = null;
    for (String line : lines) {
      if (line.startsWith(ResultLine.PREFIX)) {
        result = JSON.readTree(line.substring(ResultLine.PREFIX.length()));
      }
    }
    if (result == null && needsResult) {
      throw new IllegalStateException("no RESULT line in " + log);
    }
    return new Outcome(result == null ? JSON.createObjectNode() : result, millis);
  }

  /** JVM options from a space-separated string, as JAVA_OPTS holds them. */
  static List<String> options(String spaceSeparated) {
    return Arrays.stream(spaceSeparated.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
