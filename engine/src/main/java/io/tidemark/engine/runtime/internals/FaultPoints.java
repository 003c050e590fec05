package io.tidemark.engine.runtime.internals;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Crash and pause injection for the exactly-once tests. With system property
 * {@code tidemark.fault.halt=<point>@<n>} the JVM halts (no shutdown hooks, like kill -9) the n-th
 * time any task reaches {@code point}; with {@code tidemark.fault.stop=<point>@<n>} it stops itself
 * there with SIGSTOP instead (every thread frozen, as in a long GC pause) and goes on where it was
 * when it gets SIGCONT. Points: {@code checkpoint-start} (at the barrier, on the stream thread),
 * {@code async-start} (barrier passed, the background part not begun, the task processing on),
 * {@code after-upload} (state uploaded, no metadata), {@code after-metadata} (metadata durable,
 * nothing committed), {@code in-commit} (before the fence is checked for a rename or delete of the
 * lake commit), {@code commit-allowed} (the fence allowed that step, which is not made yet: the
 * check-then-act gap a zombie lives in). Unset: a no-op.
 */
public final class FaultPoints {

    public static final String PROPERTY = "tidemark.fault.halt";
    public static final String STOP_PROPERTY = "tidemark.fault.stop";
    private static final Fault HALT = Fault.parse(System.getProperty(PROPERTY, ""));
    private static final Fault STOP = Fault.parse(System.getProperty(STOP_PROPERTY, ""));

    private FaultPoints() {
    }

    public static void reach(String point) {
        if (HALT.reached(point)) {
            System.err.println("FAULT: halting at " + point + "@" + HALT.at);
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
        if (STOP.reached(point)) {
            System.err.println("FAULT: stopping at " + point + "@" + STOP.at);
            System.err.flush();
            stopThisProcess();
            System.err.println("FAULT: continued at " + point + "@" + STOP.at);
        }
    }

    private static void stopThisProcess() {
        try {
            Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid()))
                    .inheritIO().start();
            kill.waitFor(); // returns once the JVM runs again
        } catch (IOException e) {
            throw new IllegalStateException("cannot stop this process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Fault(String point, int at, AtomicInteger reached) {

        static Fault parse(String spec) {
            int at = spec.indexOf('@');
            return new Fault(at < 0 ? spec : spec.substring(0, at),
                    at < 0 ? 1 : Integer.parseInt(spec.substring(at + 1)), new AtomicInteger());
        }

        boolean reached(String point) {
            return !this.point.isEmpty() && this.point.equals(point) && reached.incrementAndGet() == at;
        }
    }
}
