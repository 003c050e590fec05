package io.tidemark.experiment.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tidemark.engine.api.DataStream;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.io.Sinks;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.testing.TestDriver;
import io.tidemark.events.Envelope;
import io.tidemark.experiment.lake.SufficientSums;
import io.tidemark.experiment.report.MergedStats;
import io.tidemark.experiment.report.StatsMerge;
import io.tidemark.experiment.report.UnitsMerge;
import io.tidemark.lake.datasets.ExperimentStatsRow;
import io.tidemark.lake.datasets.ExperimentUnitRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs the experiment operators through the TestDriver and reads their outputs the way the report does. */
final class StreamHarness {
  private StreamHarness() {}

  record Run(List<ExperimentUnitRow> units, List<ExperimentStatsRow> stats, List<LateEvent> late) {

    /** Current unit rows by "experiment/unit/metric", as {@code UnitsMerge} reads them. */
    Map<String, ExperimentUnitRow> currentUnits() {
      Map<String, ExperimentUnitRow> out = new TreeMap<>();
      UnitsMerge.current(units).forEach(r -> out.put(r.experiment() + "/" + r.unit() + "/" + r.metric(), r));
      return out;
    }

    MergedStats merged(String experiment) {
      return StatsMerge.merge(StatsMerge.latest(stats), experiment);
    }

    /** Merged metric sums by "experiment/variant/metric". */
    Map<String, SufficientSums> mergedSums() {
      Map<String, SufficientSums> out = new TreeMap<>();
      List<ExperimentStatsRow> latest = StatsMerge.latest(stats);
      for (String x : StatsMerge.experiments(latest)) {
        StatsMerge.merge(latest, x).metrics().forEach((metric, byVariant) -> byVariant.forEach((variant, s) -> {
          if (s.users() > 0) {
            out.put(x + "/" + variant + "/" + metric, s);
          }
        }));
      }
      return out;
    }
  }

  static Pipeline pipeline(ExperimentStreamSettings settings) {
    Pipeline p = new Pipeline("experiments");
    DataStream<Envelope> events = p.source("events", Sources.<Envelope>empty(), Envelopes::time);
    ExperimentStream.Outputs out = ExperimentStream.attach(events, settings);
    out.units().sink("units", Sinks.discarding());
    out.stats().sink("stats", Sinks.discarding());
    out.late().sink("late", Sinks.discarding());
    return p;
  }

  /** Pushes the events in the given order (the watermark follows them), then ends the input. */
  static Run run(Path dir, ExperimentStreamSettings settings, List<Envelope> arrivalOrder) {
    try (TestDriver d = TestDriver.builder(pipeline(settings), dir).build()) {
      long max = Long.MIN_VALUE;
      for (Envelope e : arrivalOrder) {
        d.push("events", e, Envelopes.time(e));
        max = Math.max(max, Envelopes.time(e));
      }
      finish(d, settings, max);
      return outputs(d);
    }
  }

  /**
   * Ends a bounded run. Works around an engine bug: at the end-of-time watermark every state value
   * reads as expired (StateTable compares its "never expires" marker, Long.MAX_VALUE, with {@code
   * <=} against the watermark), so the watermark is first moved past every emission timer.
   */
  static void finish(TestDriver d, ExperimentStreamSettings settings, long maxEventTime) {
    d.advanceWatermarkTo(maxEventTime + settings.emitEvery().toMillis() + settings.allowedLateness().toMillis() + 1);
    d.endOfInput();
  }

  static Run outputs(TestDriver d) {
    return new Run(d.output("units"), d.output("stats"), d.output("late"));
  }

  static void assertSumsClose(Map<String, SufficientSums> actual, Map<String, SufficientSums> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((k, e) -> assertSumsClose(k, actual.get(k), e));
  }

  static void assertSumsClose(String what, SufficientSums a, SufficientSums e) {
    assertThat(a.users()).as(what + " users").isEqualTo(e.users());
    double[] av = fields(a);
    double[] ev = fields(e);
    for (int i = 0; i < av.length; i++) {
      assertThat(av[i]).as(what + " field " + i).isCloseTo(ev[i], within(1e-6 * Math.max(1, Math.abs(ev[i]))));
    }
  }

  private static double[] fields(SufficientSums s) {
    return new double[] {s.mainSum(), s.mainSumSquares(), s.denominatorSum(), s.denominatorSumSquares(),
        s.mainDenominatorSumProduct(), s.covariateSum(), s.covariateSumSquares(), s.mainCovariateSumProduct(),
        s.denominatorPreSum(), s.denominatorPreSumSquares(), s.mainPreDenominatorPreSumProduct(),
        s.mainPostDenominatorPreSumProduct(), s.mainPreDenominatorPostSumProduct(),
        s.denominatorPostDenominatorPreSumProduct()};
  }
}
