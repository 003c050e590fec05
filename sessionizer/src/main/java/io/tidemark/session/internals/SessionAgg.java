package io.tidemark.session.internals;

import io.tidemark.events.Envelope;
import io.tidemark.events.EventType;
import io.tidemark.events.JsonObject;

/**
 * What a session knows of its events, as an exactly mergeable summary: counts add, first and last
 * are minima and maxima by {@code (time, messageId)}. Merging is associative and commutative, so a
 * session's summary depends only on its set of events, not on their arrival order; that is what
 * lets live and replayed runs agree. Events are not kept.
 *
 * @param first the first event's messageId (its time is {@code start}); derives the session id
 * @param entry location of the first page/screen view that has one
 * @param exit location of the last page/screen view that has one
 * @param userId, appVersion, osName, deviceType the last non-null value of the field
 * @param anonymousId the first non-null anonymousId
 */
public record SessionAgg(
        String source,
        long bucket,
        long start,
        long end,
        Pick first,
        long eventCount,
        long pageViews,
        long screenViews,
        long trackEvents,
        Pick entry,
        Pick exit,
        Pick anonymousId,
        Pick userId,
        Pick appVersion,
        Pick osName,
        Pick deviceType) {

    private static final String[] PAGE_PATH = {"page", "path"};
    private static final String[] PATH = {"path"};
    private static final String[] APP_VERSION = {"app", "version"};
    private static final String[] OS_NAME = {"os", "name"};
    private static final String[] DEVICE_TYPE = {"device", "type"};

    /** The summary of a session of one event at event time {@code t}. */
    public static SessionAgg of(Envelope e, long t, long bucket) {
        return of(e, t, bucket, null);
    }

    /**
     * The summary of one event at {@code t} that is about to be merged into {@code joined} (null
     * when it starts a session). Merged into {@code joined}, it gives what the full summary of the
     * event gives: a {@code context} field or a page's location is read only when the event could
     * become the pick of that column (for a "last" column: {@code joined} has none, or the event
     * comes after it; for the entry: before it).
     */
    public static SessionAgg of(Envelope e, long t, long bucket, SessionAgg joined) {
        String id = e.messageId();
        EventType type = e.type();
        JsonObject context = e.contextJson();
        String location = switch (type) {
            case SCREEN -> e.name();
            case PAGE -> joined != null && !comesBefore(t, id, joined.entry) && !comesAfter(t, id, joined.exit)
                    ? null // cannot be the entry or the exit
                    : pagePath(context, e);
            default -> null;
        };
        Pick view = Pick.ofNullable(t, id, location);
        return new SessionAgg(e.source(), bucket, t, t, new Pick(t, id, id), 1,
                type == EventType.PAGE ? 1 : 0,
                type == EventType.SCREEN ? 1 : 0,
                type == EventType.TRACK ? 1 : 0,
                view, view,
                Pick.ofNullable(t, id, e.anonymousId()),
                Pick.ofNullable(t, id, e.userId()),
                lastPick(t, id, joined == null ? null : joined.appVersion, context, APP_VERSION),
                lastPick(t, id, joined == null ? null : joined.osName, context, OS_NAME),
                lastPick(t, id, joined == null ? null : joined.deviceType, context, DEVICE_TYPE));
    }

    private static String pagePath(JsonObject context, Envelope e) {
        String path = context.scalarText(PAGE_PATH);
        return path != null ? path : e.propertiesJson().scalarText(PATH);
    }

    /** The event's pick of a "last" context column, read only when it can replace {@code current}. */
    private static Pick lastPick(long t, String id, Pick current, JsonObject context, String[] path) {
        return comesAfter(t, id, current) ? Pick.ofNullable(t, id, context.scalarText(path)) : null;
    }

    /** True when the event {@code (t, id)} would replace {@code p} as a "first" pick (p may be null). */
    private static boolean comesBefore(long t, String id, Pick p) {
        return p == null || t < p.time() || t == p.time() && id.compareTo(p.messageId()) < 0;
    }

    /** True when the event {@code (t, id)} would replace {@code p} as a "last" pick (p may be null). */
    private static boolean comesAfter(long t, String id, Pick p) {
        return p == null || t > p.time() || t == p.time() && p.messageId().compareTo(id) < 0;
    }

    public SessionAgg merge(SessionAgg o) {
        return new SessionAgg(source, bucket, Math.min(start, o.start), Math.max(end, o.end),
                Pick.first(first, o.first),
                eventCount + o.eventCount, pageViews + o.pageViews, screenViews + o.screenViews,
                trackEvents + o.trackEvents,
                Pick.first(entry, o.entry), Pick.last(exit, o.exit),
                Pick.first(anonymousId, o.anonymousId), Pick.last(userId, o.userId),
                Pick.last(appVersion, o.appVersion), Pick.last(osName, o.osName),
                Pick.last(deviceType, o.deviceType));
    }

    /** True when an event at {@code t} (of this source and bucket) belongs to this session. */
    public boolean touches(long t, long gapMillis) {
        return t >= start - gapMillis && t <= end + gapMillis;
    }
}
