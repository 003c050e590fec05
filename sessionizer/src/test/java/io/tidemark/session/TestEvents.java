package io.tidemark.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.events.Envelope;
import io.tidemark.events.EventType;
import java.time.Instant;

/** Envelopes for tests, with event time in epoch millis. */
final class TestEvents {

    static final String SOURCE = "web";
    static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000;

    private TestEvents() {
    }

    static Envelope page(String anon, String id, long t, String path) {
        ObjectNode ctx = context();
        ctx.putObject("page").put("path", path);
        return envelope(id, EventType.PAGE, null, null, anon, null, t, SOURCE, ctx);
    }

    static Envelope screen(String anon, String id, long t, String name) {
        return envelope(id, EventType.SCREEN, null, name, anon, null, t, SOURCE, context());
    }

    static Envelope track(String anon, String id, long t, String event) {
        return envelope(id, EventType.TRACK, event, null, anon, null, t, SOURCE, context());
    }

    static Envelope identify(String anon, String id, long t, String userId) {
        return envelope(id, EventType.IDENTIFY, null, null, anon, userId, t, SOURCE, context());
    }

    static Envelope withSource(Envelope e, String source) {
        return new Envelope(e.messageId(), e.type(), e.event(), e.name(), e.category(), e.anonymousId(), e.userId(),
                null, null, e.timestamp(), e.originalTimestamp(), e.sentAt(), e.receivedAt(), false, source,
                e.context(), e.properties(), e.traits(), e.integrations());
    }

    static ObjectNode context() {
        ObjectNode ctx = JsonNodeFactory.instance.objectNode();
        ctx.putObject("app").put("version", "4.2.0");
        ctx.putObject("os").put("name", "iOS");
        ctx.putObject("device").put("type", "ios");
        return ctx;
    }

    static Envelope envelope(String id, EventType type, String event, String name, String anon, String userId,
                             long t, String source, ObjectNode ctx) {
        Instant ts = Instant.ofEpochMilli(t);
        return new Envelope(id, type, event, name, null, anon, userId, null, null, ts, ts, ts, ts, false, source,
                ctx, null, null, null);
    }
}
