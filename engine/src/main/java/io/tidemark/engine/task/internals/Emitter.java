package io.tidemark.engine.task.internals;

import io.tidemark.engine.api.OutputTag;
import java.util.HashMap;
import java.util.Map;

/** An operator's main output plus its side outputs, which also go to the task's {@link Taps}. */
public final class Emitter<T> {

    private final Output<T> main;
    private final Map<OutputTag<?>, Output<Object>> sides;
    private final Taps taps;

    public Emitter(Output<T> main, Map<OutputTag<?>, Output<Object>> sides, Taps taps) {
        this.main = main;
        this.sides = new HashMap<>(sides);
        this.taps = taps;
    }

    public void emit(T value, long timestamp) {
        main.emit(value, timestamp);
    }

    public <X> void side(OutputTag<X> tag, X value, long timestamp) {
        taps.sideOutput(tag, value, timestamp);
        Output<Object> out = sides.get(tag);
        if (out != null) {
            out.emit(value, timestamp);
        }
    }
}
