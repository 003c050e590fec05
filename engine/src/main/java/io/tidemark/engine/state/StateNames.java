package io.tidemark.engine.state;

import java.util.Objects;
import java.util.regex.Pattern;

/** State and operator names become column names on disk: keep them plain. */
final class StateNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private StateNames() {
    }

    static void check(String name) {
        Objects.requireNonNull(name, "name");
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "name must match " + VALID.pattern() + " (it names a column on disk): '" + name + "'");
        }
    }
}
