package io.tidemark.engine.api;

import java.util.Objects;

/** Which task an instance runs in: the task of input partition {@code index} of job {@code job}. */
public record TaskInfo(String job, int index) {

    public TaskInfo {
        Objects.requireNonNull(job, "job");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative: " + index);
        }
    }

    public String id() {
        return job + "-" + index;
    }
}
