package io.tidemark.engine.task.internals;

import io.micrometer.core.instrument.MeterRegistry;
import io.tidemark.engine.api.KeySelector;
import io.tidemark.engine.api.KeyedProcessFunction;
import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.api.RuntimeContext;
import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.serde.Serde;
import io.tidemark.engine.state.FlagStateDescriptor;
import io.tidemark.engine.state.ListState;
import io.tidemark.engine.state.ListStateDescriptor;
import io.tidemark.engine.state.MapState;
import io.tidemark.engine.state.MapStateDescriptor;
import io.tidemark.engine.state.ValueState;
import io.tidemark.engine.state.ValueStateDescriptor;
import io.tidemark.engine.time.TimeDomain;
import io.tidemark.engine.time.TimerService;

/** Runs a {@link KeyedProcessFunction}; one reusable context object, no allocation per record. */
public final class ProcessOperator<K, IN, OUT> extends KeyedOperator<K, IN> {

    private final KeyedProcessFunction<K, IN, OUT> function;
    private final Emitter<OUT> out;
    private final Ctx ctx = new Ctx();

    public ProcessOperator(String name, KeySelector<IN, K> keys, Serde<K> keySerde, OperatorServices services,
                           KeyedProcessFunction<K, IN, OUT> function, Emitter<OUT> out) {
        super(name, keys, keySerde, services);
        this.function = function;
        this.out = out;
    }

    @Override
    public void open() {
        function.open(new RuntimeContext() {
            @Override
            public <T> ValueState<T> state(ValueStateDescriptor<T> d) {
                return state.value(d);
            }

            @Override
            public ValueState<Boolean> flagState(FlagStateDescriptor d) {
                return state.flag(d);
            }

            @Override
            public <T> ListState<T> listState(ListStateDescriptor<T> d) {
                return state.list(d);
            }

            @Override
            public <UK, UV> MapState<UK, UV> mapState(MapStateDescriptor<UK, UV> d) {
                return state.map(d);
            }

            @Override
            public TaskInfo task() {
                return services.task();
            }

            @Override
            public MeterRegistry metrics() {
                return services.metrics();
            }
        });
    }

    @Override
    protected void processElement(K key, IN value, long timestamp) {
        ctx.domain = null;
        function.processElement(value, ctx);
    }

    @Override
    protected void onTimer(K key, long timestamp, TimeDomain domain) {
        ctx.domain = domain;
        function.onTimer(timestamp, ctx);
    }

    private final class Ctx implements KeyedProcessFunction.Context<K, OUT> {
        TimeDomain domain;

        @Override
        public K key() {
            return keyContext.key();
        }

        @Override
        public long timestamp() {
            return keyContext.timestamp();
        }

        @Override
        public TimeDomain timeDomain() {
            return domain;
        }

        @Override
        public TimerService timerService() {
            return ProcessOperator.this.timerService();
        }

        @Override
        public void collect(OUT value) {
            out.emit(value, keyContext.timestamp());
        }

        @Override
        public void collect(OUT value, long timestamp) {
            out.emit(value, timestamp);
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) {
            out.side(tag, value, keyContext.timestamp());
        }
    }
}
