package io.tidemark.gateway.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real JavaScript SDKs, installed with npm into {@code target/sdk-node} and run with this
 * machine's Node.js.
 *
 * <p>Packages already installed there are not installed again. A failing npm is a failing test
 * (its output is in the message), never a skipped one: a test that silently skips proves nothing.
 */
final class NodePackages {
  /** The packages the SDK tests run, with the version ranges their tests were written against. */
  static final Map<String, String> PACKAGES = Map.of(
      "@segment/analytics-node", "3",
      "@rudderstack/rudder-sdk-node", "3",
      "@segment/analytics-next", "1");

  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);

  private NodePackages() {}

  /** The folder holding {@code node_modules}, with every package of {@link #PACKAGES} installed. */
  static synchronized Path installed() {
    Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/sdk-node");
    List<String> missing = new ArrayList<>();
    PACKAGES.forEach((name, version) -> {
      if (!Files.exists(dir.resolve("node_modules").resolve(name).resolve("package.json"))) {
        missing.add(name + "@" + version);
      }
    });
    if (missing.isEmpty()) {
      return dir;
    }
    try {
      Files.createDirectories(dir);
      Path manifest = dir.resolve("package.json");
      if (!Files.exists(manifest)) {
        // A manifest of its own keeps npm from walking up into the repository.
        Files.writeString(manifest, "{\"name\":\"tidemark-sdk-tests\",\"private\":true}\n");
      }
      List<String> command = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund"));
      command.addAll(missing);
      Result result = run(command, dir, Map.of(), NPM_TIMEOUT);
      if (result.exitCode() != 0) {
        throw new IllegalStateException("npm install " + missing + " failed with exit code "
            + result.exitCode() + ":\n" + result.output());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
  }

  /** Copies a script from {@code src/test/resources/sdk/} next to {@code node_modules}, so require() finds them. */
  static Path script(String name) {
    Path dir = installed();
    try (InputStream in = NodePackages.class.getResourceAsStream("/sdk/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource sdk/" + name);
      }
      Path target = dir.resolve(name);
      Files.write(target, in.readAllBytes());
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy script " + name, e);
    }
  }

  /** Runs {@code node script args...} in the packages' folder. */
  static Result node(Path script, List<String> args, Duration timeout) {
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    command.addAll(args);
    return run(command, script.getParent(), Map.of(), timeout);
  }

  /** A finished process: its exit code and its stdout and stderr together. */
  record Result(int exitCode, String output) {}

  private static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout) {
    try {
      Path log = Files.createTempFile("tidemark-node", ".log");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
            + ":\n" + output);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command + " (is Node.js/npm installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}
