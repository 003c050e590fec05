package io.tidemark.session.internals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code session_id = hex(SHA-256(source ␟ key ␟ firstMessageId))[0..32)}, where ␟ is U+001F, key
 * is the anonymousId (else userId) and the first event is the session's earliest by
 * {@code (event time, messageId)}. The id is a function of the session's content, so a replay
 * finds the ids a live run wrote.
 */
public final class SessionIds {

    private static final char SEPARATOR = '\u001f';

    private SessionIds() {
    }

    public static String of(String source, String key, String firstMessageId) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] digest = sha.digest((source + SEPARATOR + key + SEPARATOR + firstMessageId)
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
