package io.tidemark.engine.config;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key: its default, how to parse it, what values are valid, and what it does.
 *
 * @param rule the validity rule in words, shown with errors and in {@link EngineConfig#describe()}
 */
public record Setting<T>(String key, T defaultValue, Function<String, T> parser, Predicate<T> valid, String rule,
                         String doc) {

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(doc, "doc");
        if (!valid.test(defaultValue)) {
            throw new IllegalArgumentException("default of " + key + " breaks its own rule: " + rule);
        }
    }

    static Setting<Long> longSetting(String key, long def, long min, String doc) {
        return new Setting<>(key, def, Long::parseLong, v -> v >= min, ">= " + min, doc);
    }

    static Setting<Integer> intSetting(String key, int def, int min, int max, String doc) {
        return new Setting<>(key, def, Integer::parseInt, v -> v >= min && v <= max, "in [" + min + ", " + max + "]",
                doc);
    }

    static <E extends Enum<E>> Setting<E> enumSetting(String key, E def, Class<E> type, String doc) {
        return new Setting<>(key, def, s -> Enum.valueOf(type, s.trim().toUpperCase()), v -> true,
                "one of " + java.util.Arrays.toString(type.getEnumConstants()), doc);
    }
}
