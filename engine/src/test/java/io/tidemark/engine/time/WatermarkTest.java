package io.tidemark.engine.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.time.internals.WatermarkTracker;
import org.junit.jupiter.api.Test;

class WatermarkTest {

    @Test
    void watermarkIsMaxEventTimeMinusOutOfOrdernessMinusOne() {
        WatermarkTracker w = new WatermarkTracker(100);
        assertThat(w.watermark()).isEqualTo(Watermarks.MIN);
        assertThat(w.observe(1_000)).isEqualTo(899);
    }

    @Test
    void watermarkNeverGoesBackOnOlderEventsOrExplicitRegression() {
        WatermarkTracker w = new WatermarkTracker(100);
        w.observe(1_000);
        assertThat(w.observe(500)).isEqualTo(899);
        assertThat(w.advanceTo(10)).isEqualTo(899);
        assertThat(w.advanceTo(2_000)).isEqualTo(2_000);
        assertThat(w.observe(1_500)).as("explicit advance is kept").isEqualTo(2_000);
    }

    @Test
    void hugeOutOfOrdernessDoesNotOverflow() {
        WatermarkTracker w = new WatermarkTracker(Long.MAX_VALUE);
        assertThat(w.observe(Long.MIN_VALUE + 10)).isEqualTo(Watermarks.MIN);
    }
}
