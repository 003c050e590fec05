package io.tidemark.engine.state;

class InMemoryStateBackendTest extends StateBackendContract {

    @Override
    StateBackend backend() {
        return StateBackends.inMemory();
    }
}
