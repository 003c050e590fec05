package io.tidemark.engine.runtime.internals;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Crash injection for the exactly-once tests: with system property
 * {@code tidemark.fault.halt=<point>@<n>} the JVM halts (no shutdown hooks, like kill -9) the
 * n-th time any task reaches {@code point}. Points: {@code checkpoint-start} (at the barrier, on
 * the stream thread), {@code async-start} (barrier passed, the background part not begun, the
 * task processing on), {@code after-upload} (state uploaded, no metadata), {@code after-metadata} (metadata durable,
 * nothing committed), {@code in-commit} (before a rename of the lake commit). Unset: a no-op.
 */
public final class FaultPoints {

    public static final String PROPERTY = "tidemark.fault.halt";
    private static final String POINT;
    private static final int AT;
    private static final AtomicInteger REACHED = new AtomicInteger();

    static {
        String spec = System.getProperty(PROPERTY, "");
        int at = spec.indexOf('@');
        POINT = at < 0 ? spec : spec.substring(0, at);
        AT = at < 0 ? 1 : Integer.parseInt(spec.substring(at + 1));
    }

    private FaultPoints() {
    }

    public static void reach(String point) {
        if (!POINT.isEmpty() && POINT.equals(point) && REACHED.incrementAndGet() == AT) {
            System.err.println("FAULT: halting at " + point + "@" + AT);
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
