package io.tidemark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which operators a selection of tables runs, and how bad selections are refused. */
class OutputTablesTest {

  @Test
  void parse_keepsTheGraphsOrderAndIgnoresBlanks() {
    OutputTables t = OutputTables.parse(" late, sessions ,,");

    assertThat(t.names()).containsExactly("sessions", "late");
    assertThat(t).hasToString("sessions,late");
  }

  @Test
  void sessionsOrLateRunTheSessionizer_experimentTablesTheExperiments_rawTheArchive() {
    assertThat(OutputTables.parse("late")).extracting(OutputTables::sessionizer, OutputTables::experiments,
        OutputTables::raw).containsExactly(true, false, false);
    assertThat(OutputTables.parse("experiment_stats")).extracting(OutputTables::sessionizer,
        OutputTables::experiments, OutputTables::raw).containsExactly(false, true, false);
    assertThat(OutputTables.parse("raw")).extracting(OutputTables::sessionizer, OutputTables::experiments,
        OutputTables::raw).containsExactly(false, false, true);
    assertThat(OutputTables.all().names()).containsExactlyElementsOf(LivePipeline.TABLES);
  }

  @Test
  void lateIsPartialOnlyWithoutAnExperimentTable() {
    assertThat(OutputTables.parse("sessions,late").lateIsPartial()).isTrue();
    assertThat(OutputTables.parse("late,experiment_units").lateIsPartial()).isFalse();
    assertThat(OutputTables.parse("sessions").lateIsPartial()).isFalse();
    assertThat(OutputTables.all().lateIsPartial()).isFalse();
  }

  @Test
  void parse_unknownOrNoNames() {
    assertThatThrownBy(() -> OutputTables.parse("sessions,Sessions,units"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown table(s) Sessions, units; the tables are raw, sessions, late, experiment_units,"
            + " experiment_stats");
    assertThatThrownBy(() -> OutputTables.parse(" , "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no table selected");
  }
}
