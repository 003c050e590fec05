package io.tidemark.experiment.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.experiment.stats.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsConfigTest {
  @TempDir Path dir;

  /** The README's example ("Experiments", metrics configuration), verbatim. */
  static final String README_EXAMPLE = """
      settings:
        engine: frequentist          # or bayesian (default)
        difference: relative         # or absolute
        alpha: 0.05
        correction: holm             # none (default), holm, bh
      defaults:
        covariate_lookback: 14d      # pre-exposure period of CUPED covariates
      metrics:
        - id: purchase
          kind: conversion           # did Order Completed happen within 72 h of first exposure?
          event: Order Completed
          window: 72h
          cuped: true
        - id: orders
          kind: count
          event: Order Completed
          cap: {percentile: 0.99}    # winsorize at the 99th percentile across all arms
        - id: revenue
          kind: sum
          event: Order Completed
          property: revenue
          cap: {absolute: 1000}
          cuped: {lookback: 28d}
        - id: sessions
          kind: sessions
        - id: revenue_per_session
          kind: ratio
          numerator: revenue
          denominator: sessions
        - id: session_length
          kind: session_duration     # mean session duration in seconds
        - id: api_latency
          kind: mean
          event: App Performance
          property: value
          where: {metric: api_latency_ms}
          cap: {absolute: 30000}     # each call capped at 30 s
          inverse: true              # lower is better
      experiments:
        - id: checkout-redesign
          variants: [control, treatment]   # control first
          weights: [0.5, 0.5]
          metrics: [purchase, revenue, revenue_per_session, api_latency]
        - id: onboarding
          variants: ["0", "1", "2"]        # weights default to an equal split; metrics to all
      """;

  @Test
  void load_readsEveryMetricKindFromYaml() throws Exception {
    Path file = dir.resolve("metrics.yaml");
    Files.writeString(file, README_EXAMPLE);

    MetricsConfig config = MetricsConfig.load(file);

    assertThat(config.settings().engine()).isEqualTo(Engine.FREQUENTIST);
    assertThat(config.metrics()).extracting(MetricDefinition::kind).containsExactly(MetricKind.CONVERSION,
        MetricKind.COUNT, MetricKind.SUM, MetricKind.SESSIONS, MetricKind.RATIO, MetricKind.SESSION_DURATION,
        MetricKind.MEAN);
    assertThat(config.metric("purchase").orElseThrow()).isEqualTo(new MetricDefinition("purchase",
        MetricKind.CONVERSION, "Order Completed", null, Map.of(), Duration.ofHours(72), null, null, null,
        Duration.ofDays(14), false));
    MetricDefinition revenue = config.metric("revenue").orElseThrow();
    assertThat(revenue.cap()).isEqualTo(Cap.absolute(1000));
    assertThat(revenue.covariateLookback()).isEqualTo(Duration.ofDays(28));
    assertThat(revenue.capsUnitValues()).isTrue();
    assertThat(config.metric("orders").orElseThrow().cap()).isEqualTo(Cap.percentile(0.99));
    MetricDefinition latency = config.metric("api_latency").orElseThrow();
    assertThat(latency.where()).containsExactly(Map.entry("metric", "api_latency_ms"));
    assertThat(latency.inverse()).isTrue();
    assertThat(latency.type()).isEqualTo(MetricType.RATIO);
    assertThat(latency.capsUnitValues()).as("a mean caps each event in the stream").isFalse();
    assertThat(config.metric("revenue_per_session").orElseThrow().numerator()).isEqualTo("revenue");
    ExperimentDefinition checkout = config.experiment("checkout-redesign").orElseThrow();
    assertThat(config.metricsOf(checkout)).extracting(MetricDefinition::id)
        .containsExactly("purchase", "revenue", "revenue_per_session", "api_latency");
    ExperimentDefinition onboarding = config.experiment("onboarding").orElseThrow();
    assertThat(onboarding.weights()).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
    assertThat(config.metricsOf(onboarding)).hasSize(7);
  }

  @Test
  void builtIn_isWhatAFileWithTheTwoSessionMetricsSays() throws Exception {
    MetricsConfig fromFile = MetricsConfig.parse("""
        metrics:
          - {id: sessions, kind: sessions}
          - {id: session_duration, kind: session_duration}
        """, true);

    assertThat(MetricsConfig.builtIn()).isEqualTo(fromFile);
    assertThat(MetricsConfig.builtIn().metrics()).extracting(MetricDefinition::type)
        .containsExactly(MetricType.MEAN, MetricType.RATIO);
  }

  @Test
  void parse_jsonAndYamlGiveTheSameConfiguration() throws Exception {
    String json = """
        {"metrics": [{"id": "signup", "kind": "conversion", "event": "Signed Up", "cuped": true},
                     {"id": "latency", "kind": "mean", "event": "App Performance", "property": "value",
                      "where": {"metric": "api_latency_ms", "status": 200}, "inverse": true}],
         "experiments": [{"id": "e", "variants": ["a", "b"], "weights": [1, 3]}]}
        """;
    String yaml = """
        metrics:
          - {id: signup, kind: conversion, event: Signed Up, cuped: true}
          - {id: latency, kind: mean, event: App Performance, property: value,
             where: {metric: api_latency_ms, status: 200}, inverse: true}
        experiments:
          - {id: e, variants: [a, b], weights: [1, 3]}
        """;

    MetricsConfig fromJson = MetricsConfig.parse(json, false);

    assertThat(fromJson).isEqualTo(MetricsConfig.parse(yaml, true));
    assertThat(fromJson.metric("latency").orElseThrow().where()).containsEntry("status", "200");
    assertThat(fromJson.metric("signup").orElseThrow().covariateLookback())
        .isEqualTo(MetricsConfig.DEFAULT_COVARIATE_LOOKBACK);
  }

  @Test
  void parse_listsEveryProblemWithItsPath() {
    String yaml = """
        settings: {engine: magic}
        defaults: {covariate_lookback: two weeks}
        colour: blue
        metrics:
          - {id: a, kind: conversion}
          - {id: b, kind: sum, event: Order Completed}
          - {id: c, kind: ratio, numerator: a, denominator: nowhere}
          - {id: d, kind: ratio, numerator: c, denominator: a}
          - {id: e, kind: median, event: X}
          - {id: f, kind: conversion, event: X, cap: {absolute: 3}}
          - {id: g, kind: mean, event: X, property: v, cap: {percentile: 0.99}}
          - {id: h, kind: count, event: X, cap: {percentile: 1.5}, window: soon, cuped: {lookback: -1d}}
          - {id: a, kind: sessions}
          - {id: "bad id", kind: sessions, event: X}
        experiments:
          - {id: x, variants: [control, control], weights: [0, 0], metrics: [a, zzz]}
          - {variants: []}
        """;

    assertThatThrownBy(() -> MetricsConfig.parse(yaml, true))
        .isInstanceOfSatisfying(InvalidMetricsConfigException.class, e -> assertThat(e.problems())
            .containsExactlyInAnyOrder(
                "settings.engine: must be one of frequentist, bayesian, got \"magic\"",
                "defaults.covariate_lookback: must be a positive duration such as 30m, 72h or 14d, got \"two weeks\"",
                "colour: unknown field (expected one of defaults, experiments, metrics, settings)",
                "metrics[0].event: missing (a conversion metric counts a track event, e.g. Order Completed)",
                "metrics[1].property: missing (the numeric property a sum metric reads, e.g. revenue)",
                "metrics[2].denominator: unknown metric nowhere (defined: a, b, c, d, e, f, g, h)",
                "metrics[3].numerator: metric c is itself a ratio (ratio); use a count, sum, conversion or sessions"
                    + " metric",
                "metrics[4].kind: must be one of conversion, count, sum, mean, ratio, sessions, session_duration,"
                    + " got \"median\"",
                "metrics[5].cap: a conversion metric takes no cap",
                "metrics[6].cap: a mean metric caps each event, so only an absolute cap applies",
                "metrics[7].cap.percentile: must be a number in (0, 1], e.g. 0.99, got 1.5",
                "metrics[7].window: must be a positive duration such as 30m, 72h or 14d, got \"soon\"",
                "metrics[7].cuped.lookback: must be a positive duration such as 30m, 72h or 14d, got \"-1d\"",
                "metrics[8].id: duplicate metric id a",
                "metrics[9].id: must be letters, digits, _ - . or :, got \"bad id\"",
                "metrics[9].event: not used by a sessions metric",
                "experiments[0].variants: must be distinct",
                "experiments[0].weights: must not all be 0",
                "experiments[0].metrics: unknown metric zzz",
                "experiments[1].id: missing (a non-empty string)",
                "experiments[1].variants: must be a non-empty list of names"));
  }

  @Test
  void parse_reportsSyntaxErrorsWithTheirLine() {
    assertThatThrownBy(() -> MetricsConfig.parse("metrics:\n  - {id: a, kind: [\n", true))
        .isInstanceOfSatisfying(InvalidMetricsConfigException.class, e -> assertThat(e.problems())
            .singleElement().asString().startsWith("not valid YAML: ").contains("line"));
  }

  @Test
  void load_missingFile_isAProblemNotACrash() {
    Path missing = dir.resolve("none.yaml");
    assertThatThrownBy(() -> MetricsConfig.load(missing))
        .isInstanceOfSatisfying(InvalidMetricsConfigException.class,
            e -> assertThat(e.problems()).containsExactly(missing + ": no such file"));
  }

  @Test
  void durations_acceptShortFormsAndIso() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("2 weeks")).isNull();
  }

  @Test
  void definitions_rejectFieldsTheirKindDoesNotTake() {
    assertThatThrownBy(() -> new MetricDefinition("r", MetricKind.RATIO, null, null, null, null, "a", null, null,
        null, false)).hasMessageContaining("need both");
    assertThatThrownBy(() -> new MetricsConfig(io.tidemark.experiment.stats.AnalysisSettings.defaults(),
        List.of(new MetricDefinition("r", MetricKind.RATIO, null, null, null, null, "a", "b", null, null, false)),
        List.of())).hasMessageContaining("unknown metric a");
  }
}
