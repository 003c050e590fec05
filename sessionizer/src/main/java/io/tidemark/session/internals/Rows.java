package io.tidemark.session.internals;

import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.datasets.SessionRow;
import java.time.Instant;

/** Maps the sessionizer's state to lake rows. */
public final class Rows {

    private Rows() {
    }

    public static SessionRow session(SessionAgg a, String sessionId, long version) {
        long views = a.pageViews() + a.screenViews();
        return new SessionRow(sessionId, version, false, Pick.valueOf(a.anonymousId()), Pick.valueOf(a.userId()),
                Instant.ofEpochMilli(a.start()), Instant.ofEpochMilli(a.end()), a.end() - a.start(),
                a.eventCount(), a.pageViews(), a.screenViews(), a.trackEvents(),
                Pick.valueOf(a.entry()), Pick.valueOf(a.exit()), views == 1,
                Pick.valueOf(a.appVersion()), Pick.valueOf(a.osName()), Pick.valueOf(a.deviceType()), a.source());
    }

    /**
     * The tombstone of a retired id: its next version, deleted, with the time span of its last
     * version (so it lands in the same {@code dt} partition) and no counts.
     */
    public static SessionRow tombstone(Emitted e, SessionAgg into) {
        return new SessionRow(e.sessionId(), e.version() + 1, true, Pick.valueOf(into.anonymousId()), null,
                Instant.ofEpochMilli(e.start()), Instant.ofEpochMilli(e.end()), e.end() - e.start(),
                0, 0, 0, 0, null, null, false, null, null, null, into.source());
    }

    /**
     * An envelope as a row of {@code lake/late}: every envelope field, as in {@code lake/raw}; no
     * Kafka coordinates (the operator sees envelopes, not records).
     */
    public static LateRow late(Envelope e, String reason, String pipeline, long watermark) {
        RawRow raw = new RawRow(e.messageId(), e.type().wireName(), e.event(), e.name(), e.category(),
                e.anonymousId(), e.userId(), e.groupId(), e.previousId(), e.timestamp(), e.originalTimestamp(),
                e.sentAt(), e.receivedAt(), e.timestampClamped(), e.source(), e.context().toString(),
                e.properties().toString(), e.traits().toString(), e.integrations().toString(), null, null, null);
        return new LateRow(raw, reason, pipeline, Instant.ofEpochMilli(watermark));
    }
}
