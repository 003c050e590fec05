package io.tidemark.experiment.report;

import io.tidemark.experiment.lake.StatsRows;
import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.metrics.MetricDefinition;
import io.tidemark.experiment.metrics.MetricsConfig;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import io.tidemark.lake.datasets.ExperimentStatsRow.Kind;
import io.tidemark.lake.datasets.ExperimentUnitRow;
import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.write.CommitGuard;
import io.tidemark.lake.write.LakeWriter;
import io.tidemark.lake.write.PendingCommit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Plays the stream operator that the report reads after: units of one experiment spread over
 * tasks and first-exposure days, their metric values changing between two checkpoints (late
 * events) and some units excluded in the second for multiple exposure. At each checkpoint every
 * task writes, through the real lake writer, new versions of the unit rows that changed and of
 * the cumulative partials that changed, keyed (task, variant, metric, day), with version = the
 * checkpoint number. Partials that did not change keep their older version.
 */
final class SimulatedExperiment {
  static final String EXPERIMENT = "checkout-redesign";
  static final List<String> VARIANTS = List.of("control", "treatment");
  static final int TASKS = 3;
  static final LocalDate FIRST_DAY = LocalDate.parse("2026-11-10");
  static final int DAYS = 20;

  /** Every metric kind, with CUPED, an inverse metric, a ratio over two metrics and a percentile cap. */
  static final String CONFIG = """
      settings: {engine: frequentist, difference: relative}
      metrics:
        - {id: purchase, kind: conversion, event: Order Completed, window: 72h, cuped: true}
        - {id: revenue, kind: sum, event: Order Completed, property: revenue, cuped: {lookback: 7d}}
        - {id: orders, kind: count, event: Order Completed, cap: {percentile: 0.9}}
        - {id: sessions, kind: sessions}
        - {id: revenue_per_session, kind: ratio, numerator: revenue, denominator: sessions, cuped: true}
        - {id: latency, kind: mean, event: App Performance, property: value, where: {metric: api_latency_ms},
           inverse: true, cap: {absolute: 5000}}
        - {id: session_length, kind: session_duration}
      experiments:
        - id: checkout-redesign
          variants: [control, treatment]
          weights: [0.5, 0.5]
      """;

  final MetricsConfig config;
  final Location lake;
  final Path dir;
  private final SplittableRandom random;
  private final int unitsCount;
  private final Map<String, Unit> units = new TreeMap<>();
  private final Map<Integer, PendingCommit> unitCommits = new HashMap<>();
  private final Map<Integer, PendingCommit> statsCommits = new HashMap<>();
  private final Map<Object, ExperimentStatsRow> lastPartials = new HashMap<>();
  private long checkpoint;

  SimulatedExperiment(Path dir, long seed, int unitsCount) throws Exception {
    this.dir = dir;
    this.lake = FileSystems.shared().resolve(dir.toString());
    this.random = new SplittableRandom(seed);
    this.unitsCount = unitsCount;
    this.config = MetricsConfig.parse(CONFIG, true);
  }

  /** A unit's current state: attribution and each metric's (value, denominator, covariate, covariate denominator). */
  static final class Unit {
    final String id;
    final int task;
    final String variant;
    final Instant firstExposure;
    boolean excluded;
    final Map<String, Double[]> values = new TreeMap<>();

    Unit(String id, int task, String variant, Instant firstExposure) {
      this.id = id;
      this.task = task;
      this.variant = variant;
      this.firstExposure = firstExposure;
    }

    LocalDate day() {
      return LocalDate.ofInstant(firstExposure, ZoneOffset.UTC);
    }
  }

  /** First checkpoint: every unit exposed, with early values. */
  void firstCheckpoint(double treatmentLift) throws IOException {
    for (int i = 0; i < unitsCount; i++) {
      String id = "anon-" + i;
      String variant = VARIANTS.get(random.nextInt(2));
      Instant first = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant()
          .plus(Duration.ofMinutes(random.nextInt(DAYS * 24 * 60)));
      Unit u = new Unit(id, Math.floorMod(id.hashCode(), TASKS), variant, first);
      draw(u, variant.equals("treatment") ? treatmentLift : 0);
      units.put(id, u);
    }
    publish(units.values().stream().toList(), Instant.parse("2026-12-10T06:00:00Z"));
  }

  /**
   * Second checkpoint: a share of units gets new values (late events), a share is excluded for
   * multiple exposure; only what changed is written again.
   */
  void secondCheckpoint(double changedShare, double excludedShare, double treatmentLift) throws IOException {
    List<Unit> changed = new ArrayList<>();
    for (Unit u : units.values()) {
      double r = random.nextDouble();
      if (r < excludedShare) {
        u.excluded = true;
        changed.add(u);
      } else if (r < excludedShare + changedShare) {
        draw(u, u.variant.equals("treatment") ? treatmentLift : 0);
        changed.add(u);
      }
    }
    publish(changed, Instant.parse("2026-12-10T09:00:00Z"));
  }

  private void draw(Unit u, double lift) {
    int orders = random.nextInt(10) < 3 + (int) Math.round(lift * 10) ? 1 + random.nextInt(4) : 0;
    double revenue = 0;
    for (int k = 0; k < orders; k++) {
      revenue += 5 + random.nextDouble() * 95;
    }
    int preOrders = random.nextInt(10) < 3 ? 1 + random.nextInt(3) : 0;
    double preRevenue = preOrders * (10 + random.nextDouble() * 60);
    int sessions = 1 + random.nextInt(6);
    int preSessions = random.nextInt(5);
    int calls = random.nextInt(4);
    double latency = 0;
    for (int k = 0; k < calls; k++) {
      latency += 80 + random.nextDouble() * 400;
    }
    double duration = 0;
    for (int k = 0; k < sessions; k++) {
      duration += 30 + random.nextDouble() * 900;
    }
    u.values.put("purchase", new Double[] {orders > 0 ? 1.0 : 0.0, null, preOrders > 0 ? 1.0 : 0.0, null});
    u.values.put("revenue", new Double[] {revenue, null, preRevenue, null});
    u.values.put("orders", new Double[] {(double) orders, null, null, null});
    u.values.put("sessions", new Double[] {(double) sessions, null, null, null});
    u.values.put("revenue_per_session", new Double[] {revenue, (double) sessions, preRevenue, (double) preSessions});
    u.values.put("latency", new Double[] {latency, (double) calls, null, null});
    u.values.put("session_length", new Double[] {duration, (double) sessions, null, null});
  }

  private void publish(List<Unit> changed, Instant watermarkBase) throws IOException {
    checkpoint++;
    Map<Integer, List<ExperimentUnitRow>> unitRows = new HashMap<>();
    Set<Object> dirtyKeys = new HashSet<>();
    for (Unit u : changed) {
      for (MetricDefinition m : config.metrics()) {
        Double[] v = u.values.get(m.id());
        unitRows.computeIfAbsent(u.task, t -> new ArrayList<>()).add(new ExperimentUnitRow(EXPERIMENT, u.id,
            u.variant, m.id(), u.firstExposure, checkpoint, u.excluded, u.task, v[0], v[1], v[2], v[3]));
        dirtyKeys.add(List.of(u.task, u.variant, m.id(), u.day()));
      }
      dirtyKeys.add(List.of(u.task, u.variant, "", u.day()));
      dirtyKeys.add(List.of(u.task, "", "", u.day()));
    }
    // Each task's cumulative partials, recomputed from its units' current state.
    Map<Object, SufficientSums> sums = new HashMap<>();
    Map<Object, Long> counts = new HashMap<>();
    for (Unit u : units.values()) {
      if (u.excluded) {
        counts.merge(List.of(u.task, "", "", u.day()), 1L, Long::sum);
        continue;
      }
      counts.merge(List.of(u.task, u.variant, "", u.day()), 1L, Long::sum);
      for (MetricDefinition m : config.metrics()) {
        Double[] v = u.values.get(m.id());
        sums.merge(List.of(u.task, u.variant, m.id(), u.day()), SufficientSums.ofUnit(v[0], v[1], v[2], v[3]),
            SufficientSums::plus);
      }
    }
    Map<Integer, List<ExperimentStatsRow>> statsRows = new HashMap<>();
    for (Object key : dirtyKeys) {
      List<?> k = (List<?>) key;
      int task = (Integer) k.get(0);
      String variant = (String) k.get(1);
      String metric = (String) k.get(2);
      LocalDate day = (LocalDate) k.get(3);
      Instant watermark = watermarkBase.plus(Duration.ofMinutes(10L * task));
      ExperimentStatsRow row;
      if (!metric.isEmpty()) {
        MetricDefinition m = config.metric(metric).orElseThrow();
        row = StatsRows.metricRow(task, checkpoint, watermark, EXPERIMENT, variant, metric, m.type(), m.cuped(), day,
            sums.getOrDefault(key, SufficientSums.ZERO));
      } else if (!variant.isEmpty()) {
        row = ExperimentStatsRow.count(Kind.EXPOSURES, task, checkpoint, watermark, EXPERIMENT, variant, day,
            counts.getOrDefault(key, 0L));
      } else {
        row = ExperimentStatsRow.count(Kind.MULTIPLE_EXPOSURE, task, checkpoint, watermark, EXPERIMENT, null, day,
            counts.getOrDefault(key, 0L));
      }
      statsRows.computeIfAbsent(task, t -> new ArrayList<>()).add(row);
      lastPartials.put(key, row);
    }
    for (int task = 0; task < TASKS; task++) {
      write(ExperimentUnitRow.DATASET, task, unitRows.getOrDefault(task, List.of()), unitCommits);
      write(ExperimentStatsRow.DATASET, task, statsRows.getOrDefault(task, List.of()), statsCommits);
    }
  }

  /** How many partials the lake holds in their first version only (never rewritten). */
  long partialsStillAtVersion(long version) {
    return lastPartials.values().stream().filter(r -> r.version() == version).count();
  }

  long excludedUnits() {
    return units.values().stream().filter(u -> u.excluded).count();
  }

  private <R> void write(io.tidemark.lake.schema.Dataset<R> dataset, int task, List<R> rows,
      Map<Integer, PendingCommit> commits) throws IOException {
    PendingCommit restored = commits.getOrDefault(task, PendingCommit.initial(dataset.name(), task));
    try (LakeWriter<R> writer = LakeWriter.forDataset(dataset).lake(lake).task(task).recover(restored,
        CommitGuard.ALWAYS)) {
      for (R row : rows) {
        writer.write(row);
      }
      PendingCommit pending = writer.preCommit(checkpoint, true);
      writer.commit(pending, CommitGuard.ALWAYS);
      commits.put(task, pending);
    }
  }
}
