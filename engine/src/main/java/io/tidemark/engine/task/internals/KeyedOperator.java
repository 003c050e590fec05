package io.tidemark.engine.task.internals;

import io.tidemark.engine.api.KeySelector;
import io.tidemark.engine.serde.Serde;
import io.tidemark.engine.state.KvBatch;
import io.tidemark.engine.state.KvStore;
import io.tidemark.engine.state.internals.KeyContext;
import io.tidemark.engine.state.internals.KeyedStateStore;
import io.tidemark.engine.time.TimeDomain;
import io.tidemark.engine.time.TimerService;
import io.tidemark.engine.time.internals.Timer;
import io.tidemark.engine.time.internals.TimerPersistence;
import io.tidemark.engine.time.internals.TimerQueue;

/**
 * Base of operators with keyed state and timers: sets the current key before user code runs, owns
 * the operator's timer queues and writes state and timers into a snapshot batch.
 */
public abstract class KeyedOperator<K, IN> implements Output<IN> {

    private static final int EVENT = 0;
    private static final int PROCESSING = 1;

    protected final String name;
    protected final OperatorServices services;
    protected final KeyContext<K> keyContext;
    protected final KeyedStateStore<K> state;
    private final KeySelector<IN, K> keys;
    private final TimerQueue<K> eventTimers;
    private final TimerQueue<K> processingTimers;
    private final KvStore.Column timerColumn;
    private final TimerService timerService = new CurrentKeyTimers();

    protected KeyedOperator(String name, KeySelector<IN, K> keys, Serde<K> keySerde, OperatorServices services) {
        this.name = name;
        this.keys = keys;
        this.services = services;
        this.keyContext = new KeyContext<>(services.watermark()::watermark);
        this.state = new KeyedStateStore<>(services.store(), name, keySerde, keyContext, services.cache());
        this.eventTimers = new TimerQueue<>(keySerde);
        this.processingTimers = new TimerQueue<>(keySerde);
        this.timerColumn = services.store().column(name + "/_timers");
    }

    @Override
    public final void emit(IN value, long timestamp) {
        K key = keys.key(value);
        if (key == null) {
            throw new IllegalArgumentException("key selector of " + name + " returned null for " + value);
        }
        keyContext.set(key, timestamp);
        processElement(key, value, timestamp);
    }

    protected abstract void processElement(K key, IN value, long timestamp);

    protected abstract void onTimer(K key, long timestamp, TimeDomain domain);

    /** Called once the task is built (state may be declared here). */
    public void open() {
    }

    public void close() {
    }

    /** Fires event-time timers up to the watermark, in (timestamp, key bytes) order. */
    public final void fireEventTimers(long watermark) {
        while (eventTimers.size() > 0 && eventTimers.peekTimestamp() <= watermark) {
            Timer<K> t = eventTimers.poll();
            keyContext.set(t.key(), t.timestamp());
            onTimer(t.key(), t.timestamp(), TimeDomain.EVENT_TIME);
        }
    }

    public final void fireProcessingTimers(long now) {
        while (processingTimers.size() > 0 && processingTimers.peekTimestamp() <= now) {
            Timer<K> t = processingTimers.poll();
            keyContext.set(t.key(), t.timestamp());
            onTimer(t.key(), t.timestamp(), TimeDomain.PROCESSING_TIME);
        }
    }

    /** Writes dirty state and the full timer set into {@code batch}. */
    public final void snapshotInto(KvBatch batch) {
        state.flush(batch, services.watermark().watermark());
        batch.clear(timerColumn);
        TimerPersistence.write(batch, timerColumn, EVENT, eventTimers);
        TimerPersistence.write(batch, timerColumn, PROCESSING, processingTimers);
    }

    /** Loads timers written by {@link #snapshotInto}; state itself is read lazily from the store. */
    public final void restoreTimers() {
        TimerPersistence.read(services.store(), timerColumn, EVENT, eventTimers);
        TimerPersistence.read(services.store(), timerColumn, PROCESSING, processingTimers);
    }

    public String name() {
        return name;
    }

    public int pendingTimers() {
        return eventTimers.size() + processingTimers.size();
    }

    public KeyedStateStore<K> stateStore() {
        return state;
    }

    protected final TimerService timerService() {
        return timerService;
    }

    protected final void registerEventTimer(K key, long timestamp) {
        eventTimers.add(timestamp, key);
    }

    private final class CurrentKeyTimers implements TimerService {
        @Override
        public long currentWatermark() {
            return services.watermark().watermark();
        }

        @Override
        public long currentProcessingTime() {
            return services.clock().millis();
        }

        @Override
        public void registerEventTimeTimer(long timestamp) {
            eventTimers.add(timestamp, keyContext.key());
        }

        @Override
        public void deleteEventTimeTimer(long timestamp) {
            eventTimers.remove(timestamp, keyContext.key());
        }

        @Override
        public void registerProcessingTimeTimer(long timestamp) {
            processingTimers.add(timestamp, keyContext.key());
        }

        @Override
        public void deleteProcessingTimeTimer(long timestamp) {
            processingTimers.remove(timestamp, keyContext.key());
        }
    }
}
