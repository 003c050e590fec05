package io.tidemark.session;

import java.time.Duration;
import java.util.Objects;

/**
 * How the events of one source are cut into sessions.
 *
 * @param gap a session ends after this much event-time inactivity; two events exactly {@code gap}
 *     apart stay in one session, events further apart do not
 * @param maxDuration zero for none; otherwise sessions are also cut at every multiple of it since
 *     the epoch (UTC), so no session spans more than {@code maxDuration} (with 24 h a session ends at
 *     UTC midnight, as Google Analytics does). Cutting on a fixed grid rather than from each
 *     session's own start keeps the result a function of the set of events: a late event that
 *     moves a session's start never moves where it is cut.
 */
public record SessionRules(Duration gap, Duration maxDuration) {

    public static final SessionRules DEFAULT = new SessionRules(Duration.ofMinutes(30), Duration.ZERO);

    public SessionRules {
        Objects.requireNonNull(gap, "gap");
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (gap.isZero() || gap.isNegative()) {
            throw new IllegalArgumentException("gap must be positive: " + gap);
        }
        if (maxDuration.isNegative()) {
            throw new IllegalArgumentException("maxDuration must not be negative (zero = none): " + maxDuration);
        }
    }

    public static SessionRules ofGap(Duration gap) {
        return new SessionRules(gap, Duration.ZERO);
    }

    public SessionRules withMaxDuration(Duration maxDuration) {
        return new SessionRules(gap, maxDuration);
    }

    public long gapMillis() {
        return gap.toMillis();
    }

    /** The grid cell of event time {@code t}; sessions never merge across cells. */
    public long bucketOf(long t) {
        long m = maxDuration.toMillis();
        return m == 0 ? 0 : Math.floorDiv(t, m);
    }
}
