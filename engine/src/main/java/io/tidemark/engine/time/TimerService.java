package io.tidemark.engine.time;

/**
 * Timers of the current key. A timer is identified by (key, domain, timestamp): registering the
 * same one twice keeps one, and it fires once. Event-time timers fire in timestamp order when the
 * watermark passes them (ties in key-byte order, so a replay fires them in the same order);
 * timers survive snapshot and restore.
 */
public interface TimerService {

    long currentWatermark();

    long currentProcessingTime();

    void registerEventTimeTimer(long timestamp);

    void deleteEventTimeTimer(long timestamp);

    void registerProcessingTimeTimer(long timestamp);

    void deleteProcessingTimeTimer(long timestamp);
}
