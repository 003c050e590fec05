package io.tidemark.session.internals;

/**
 * A value taken from one event, ordered by that event's {@code (time, messageId)}: the total order
 * that makes "first" and "last" independent of arrival order (two events of one device may share
 * a millisecond; their messageIds never tie after dedup).
 */
public record Pick(long time, String messageId, String value) {

    /** True when this pick's event comes before {@code other}'s. */
    public boolean before(Pick other) {
        if (time != other.time) {
            return time < other.time;
        }
        return messageId.compareTo(other.messageId) < 0;
    }

    /** The earlier of two picks, either may be null. */
    public static Pick first(Pick a, Pick b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.before(a) ? b : a;
    }

    /** The later of two picks, either may be null. */
    public static Pick last(Pick a, Pick b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.before(b) ? b : a;
    }

    /** A pick of {@code value} at the event, or null when there is no value to pick. */
    static Pick ofNullable(long time, String messageId, String value) {
        return value == null ? null : new Pick(time, messageId, value);
    }

    static String valueOf(Pick p) {
        return p == null ? null : p.value;
    }
}
