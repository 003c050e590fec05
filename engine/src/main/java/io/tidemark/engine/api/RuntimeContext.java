package io.tidemark.engine.api;

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

    <T> ListState<T> listState(ListStateDescriptor<T> descriptor);

    <K, V> MapState<K, V> mapState(MapStateDescriptor<K, V> descriptor);

    TaskInfo task();

    MeterRegistry metrics();
}
