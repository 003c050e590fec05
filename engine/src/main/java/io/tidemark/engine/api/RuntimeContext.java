package io.tidemark.engine.api;

import io.tidemark.engine.state.FlagStateDescriptor;
import io.tidemark.engine.state.ListState;
import io.tidemark.engine.state.ListStateDescriptor;
import io.tidemark.engine.state.MapState;
import io.tidemark.engine.state.MapStateDescriptor;
import io.tidemark.engine.state.ValueState;
import io.tidemark.engine.state.ValueStateDescriptor;
import io.micrometer.core.instrument.MeterRegistry;

/** What a keyed function gets when its task opens it: state handles, task identity, metrics. */
public interface RuntimeContext {

    <T> ValueState<T> state(ValueStateDescriptor<T> descriptor);

    /** A flag per key for states that gain a key on nearly every record: see {@link FlagStateDescriptor}. */
    ValueState<Boolean> flagState(FlagStateDescriptor descriptor);

    <T> ListState<T> listState(ListStateDescriptor<T> descriptor);

    <K, V> MapState<K, V> mapState(MapStateDescriptor<K, V> descriptor);

    TaskInfo task();

    MeterRegistry metrics();
}
