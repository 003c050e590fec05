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

    /** The summary of a session of one event at event time {@code t}. */
    public static SessionAgg of(Envelope e, long t, long bucket) {
        String id = e.messageId();
        String location = location(e);
        Pick view = Pick.ofNullable(t, id, location);
        // Read from the context's text: most envelopes never need a tree (JsonObject.scalarText).
        JsonObject ctx = e.contextJson();
        return new SessionAgg(e.source(), bucket, t, t, new Pick(t, id, id), 1,
                e.type() == EventType.PAGE ? 1 : 0,
                e.type() == EventType.SCREEN ? 1 : 0,
                e.type() == EventType.TRACK ? 1 : 0,
                view, view,
                Pick.ofNullable(t, id, e.anonymousId()),
                Pick.ofNullable(t, id, e.userId()),
                Pick.ofNullable(t, id, ctx.scalarText("app", "version")),
                Pick.ofNullable(t, id, ctx.scalarText("os", "name")),
                Pick.ofNullable(t, id, ctx.scalarText("device", "type")));
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

    /**
     * Where a page or screen view happened: the screen's name, the page's {@code context.page.path}
     * or else {@code properties.path}. Null for other events, which have no location of their own.
     */
    static String location(Envelope e) {
        if (e.type() == EventType.SCREEN) {
            return e.name();
        }
        if (e.type() == EventType.PAGE) {
            String path = e.contextJson().scalarText("page", "path");
            return path != null ? path : e.propertiesJson().scalarText("path");
        }
        return null;
    }
}
