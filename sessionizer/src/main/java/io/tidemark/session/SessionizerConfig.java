package io.tidemark.session;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the sessionizer, each with a laptop-and-production default.
 *
 * @param dedupTtl how long (event time) a {@code (source, messageId)} is remembered; a retry that
 *     arrives later than this counts as a new event. Default 24 h.
 * @param allowedLateness how far behind the watermark an event may be and still update the session
 *     it belongs to (emitting a new version); events further behind go to the late side output.
 *     Default 24 h.
 * @param defaultRules the session rules of sources without their own
 * @param perSource rules by source id
 */
public record SessionizerConfig(Duration dedupTtl, Duration allowedLateness, SessionRules defaultRules,
                                Map<String, SessionRules> perSource) {

    public SessionizerConfig {
        Objects.requireNonNull(dedupTtl, "dedupTtl");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        Objects.requireNonNull(defaultRules, "defaultRules");
        perSource = Map.copyOf(Objects.requireNonNull(perSource, "perSource"));
        if (dedupTtl.isZero() || dedupTtl.isNegative()) {
            throw new IllegalArgumentException("dedupTtl must be positive: " + dedupTtl);
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowedLateness must not be negative: " + allowedLateness);
        }
    }

    /** Dedup 24 h, lateness 24 h, gap 30 min, no maximum duration. */
    public static SessionizerConfig defaults() {
        return new SessionizerConfig(Duration.ofHours(24), Duration.ofHours(24), SessionRules.DEFAULT, Map.of());
    }

    public SessionizerConfig withDedupTtl(Duration ttl) {
        return new SessionizerConfig(ttl, allowedLateness, defaultRules, perSource);
    }

    public SessionizerConfig withAllowedLateness(Duration lateness) {
        return new SessionizerConfig(dedupTtl, lateness, defaultRules, perSource);
    }

    public SessionizerConfig withDefaultRules(SessionRules rules) {
        return new SessionizerConfig(dedupTtl, allowedLateness, rules, perSource);
    }

    public SessionizerConfig withSource(String source, SessionRules rules) {
        Map<String, SessionRules> copy = new HashMap<>(perSource);
        copy.put(Objects.requireNonNull(source, "source"), Objects.requireNonNull(rules, "rules"));
        return new SessionizerConfig(dedupTtl, allowedLateness, defaultRules, copy);
    }

    public SessionRules rulesFor(String source) {
        // without per-source rules (the usual case) the source's hash is not computed per event
        return perSource.isEmpty() ? defaultRules : perSource.getOrDefault(source, defaultRules);
    }
}
