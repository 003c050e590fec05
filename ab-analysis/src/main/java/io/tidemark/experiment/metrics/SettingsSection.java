package io.tidemark.experiment.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.experiment.stats.AnalysisSettings;
import io.tidemark.experiment.stats.json.InvalidStatsRequestException;
import io.tidemark.experiment.stats.json.StatsRequestReader;

/**
 * The {@code settings} section, in exactly the format of the {@code tidemark stats} input: it is
 * read by that input's reader, wrapped in a request with one placeholder metric (which cannot
 * itself have problems), so both files accept and reject the same settings with the same
 * messages ({@code settings.alpha: ...}).
 */
final class SettingsSection {
  private SettingsSection() {}

  static AnalysisSettings read(JsonNode settings, ConfigProblems problems) {
    if (settings == null || settings.isNull()) {
      return AnalysisSettings.defaults();
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode request = f.objectNode();
    request.set("settings", settings);
    ObjectNode placeholder = request.putArray("metrics").addObject();
    placeholder.put("id", "placeholder").put("type", "mean");
    placeholder.putArray("variants").addObject().put("users", 0).put("main_sum", 0).put("main_sum_squares", 0);
    try {
      return StatsRequestReader.read(request).settings();
    } catch (InvalidStatsRequestException e) {
      e.problems().forEach(p -> problems.add("", p));
      return AnalysisSettings.defaults();
    }
  }
}
