package io.tidemark.engine.time;

import java.time.Duration;

/** A clock that moves only when told to; never backwards. Single-threaded use, like a task. */
public final class ManualClock implements Clock {

    private long now;

    public ManualClock(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long millis() {
        return now;
    }

    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("by must not be negative: " + by);
        }
        now += by.toMillis();
    }

    public void set(long millis) {
        if (millis < now) {
            throw new IllegalArgumentException("clock must not go backwards: " + millis + " < " + now);
        }
        now = millis;
    }
}
