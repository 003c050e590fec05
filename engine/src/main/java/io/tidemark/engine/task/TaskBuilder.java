package io.tidemark.engine.task;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.config.EngineConfig;
import io.tidemark.engine.snapshot.Snapshot;
import io.tidemark.engine.snapshot.SnapshotManifest;
import io.tidemark.engine.state.KvStore;
import io.tidemark.engine.state.StateBackend;
import io.tidemark.engine.task.internals.ChainBuilder;
import io.tidemark.engine.task.internals.OperatorServices;
import io.tidemark.engine.task.internals.Taps;
import io.tidemark.engine.time.Clock;
import io.tidemark.engine.time.internals.WatermarkTracker;
import java.nio.file.Path;
import java.util.Objects;

/** Builds a {@link Task}, empty or restored from a snapshot directory. Each setter checks its argument. */
public final class TaskBuilder {

    private final Pipeline pipeline;
    private EngineConfig config = EngineConfig.defaults();
    private StateBackend backend;
    private Clock clock = Clock.system();
    private MeterRegistry metrics;
    private TaskInfo info;
    private Path workDir;
    private Path restoreFrom;
    private Taps taps = Taps.NONE;

    TaskBuilder(Pipeline pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    public TaskBuilder config(EngineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        return this;
    }

    /** Overrides the backend chosen by the configuration. */
    public TaskBuilder backend(StateBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        return this;
    }

    public TaskBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    public TaskBuilder metrics(MeterRegistry metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        return this;
    }

    public TaskBuilder task(TaskInfo info) {
        this.info = Objects.requireNonNull(info, "info");
        return this;
    }

    /** The task's private working directory (the RocksDB instance lives here); must be empty. */
    public TaskBuilder workDir(Path workDir) {
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        return this;
    }

    /** Restore from a complete snapshot directory instead of starting empty. */
    public TaskBuilder restoreFrom(Path snapshotDir) {
        this.restoreFrom = Objects.requireNonNull(snapshotDir, "snapshotDir");
        return this;
    }

    public TaskBuilder taps(Taps taps) {
        this.taps = Objects.requireNonNull(taps, "taps");
        return this;
    }

    public Task build() {
        if (workDir == null) {
            throw new IllegalStateException("workDir is required");
        }
        StateBackend b = backend != null ? backend : config.stateBackend();
        TaskInfo ti = info != null ? info : new TaskInfo(pipeline.name(), 0);
        MeterRegistry registry = metrics != null ? metrics : new SimpleMeterRegistry();
        KvStore store;
        if (restoreFrom != null) {
            Snapshot s = SnapshotManifest.read(restoreFrom);
            if (!s.backend().equals(b.kind())) {
                throw new IllegalArgumentException("snapshot " + restoreFrom + " was written by the " + s.backend()
                        + " backend, not " + b.kind());
            }
            store = b.restore(restoreFrom, workDir);
        } else {
            store = b.open(workDir);
        }
        try {
            WatermarkTracker wm = new WatermarkTracker(config.get(EngineConfig.OUT_OF_ORDERNESS_MS));
            OperatorServices services = new OperatorServices(ti, store, config.cacheOptions(), clock, wm, registry, taps);
            ChainBuilder.Chain chain = new ChainBuilder(services).build(pipeline.graph().nodes());
            Task task = new Task(ti, b, store, clock, wm, chain, registry);
            if (restoreFrom != null) {
                task.restoreMeta();
            }
            task.openOperators();
            return task;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
