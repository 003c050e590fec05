package io.tidemark.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidemark.gateway.GatewayConfig;
import io.tidemark.gateway.GatewayConfigException;
import io.tidemark.gateway.GatewayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tidemark gateway}: the ingest gateway alone, against an existing Kafka cluster. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = "Run the ingest gateway (Segment-compatible HTTP API) against an existing Kafka cluster.")
final class GatewayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  String kafka;

  @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}; overrides the config file's port when given).")
  int httpPort;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Interface to bind (default: ${DEFAULT-VALUE}; overrides the config file's host when given).")
  String host;

  @Option(names = "--write-key", description = "The one write key to accept (source 'default'); without --config the default is "
      + GatewayConfig.DEV_WRITE_KEY + ".")
  String writeKey;

  @Option(names = "--config", paramLabel = "FILE", description = "Gateway configuration file (JSON or YAML): write keys, limits, CORS, rate limits.")
  Path config;

  @Override
  public Integer call() throws Exception {
    GatewayConfig gatewayConfig = configuration();
    try (Shutdown shutdown = Shutdown.onSignal();
        GatewayServer server = GatewayServer.start(gatewayConfig, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      String base = "http://" + displayHost(gatewayConfig.host()) + ":" + server.port();
      System.out.println("tidemark gateway is up");
      System.out.println("  ingest      " + base + "/v1/batch  (write keys: " + gatewayConfig.writeKeys().size() + ")");
      System.out.println("  health      " + base + "/healthz  " + base + "/readyz  " + base + "/metrics");
      System.out.println("  kafka       " + gatewayConfig.bootstrapServers());
      System.out.println("Ctrl-C stops it.");
      shutdown.await();
    }
    return Exits.OK;
  }

  private GatewayConfig configuration() {
    var given = spec.commandLine().getParseResult();
    if (config != null && writeKey != null) {
      throw new Exits.ConfigurationException(List.of("--write-key and --config are exclusive: put write keys in the config file"));
    }
    if (config != null && !Files.isReadable(config)) {
      throw new Exits.ConfigurationException(List.of("--config " + config + ": file does not exist or is not readable"));
    }
    try {
      GatewayConfig c = config != null ? GatewayConfig.load(config, kafka) : GatewayConfig.defaults(kafka);
      if (config == null || given.hasMatchedOption("--http-port")) {
        c = c.withPort(httpPort);
      }
      if (config == null || given.hasMatchedOption("--host")) {
        c = c.withHost(host);
      }
      if (writeKey != null) {
        c = c.withWriteKeys(java.util.Map.of(writeKey, "default"));
      }
      return c;
    } catch (GatewayConfigException e) {
      throw new Exits.ConfigurationException(e.problems());
    }
  }

  static String displayHost(String bindHost) {
    return bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "localhost" : bindHost;
  }
}
