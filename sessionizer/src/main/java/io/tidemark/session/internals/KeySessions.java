package io.tidemark.session.internals;

import java.util.List;

/** The sessions of one key (device) held in state, of any source. A key holds a few at most. */
public record KeySessions(List<OpenSession> sessions) {

    public KeySessions {
        sessions = List.copyOf(sessions);
    }
}
