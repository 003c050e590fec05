package io.tidemark.session.internals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code session_id = hex(SHA-256(source ␟ key ␟ firstTime ␟ firstMessageId))[0..32)}, where ␟ is
 * U+001F, key is the anonymousId (else userId), the first event is the session's earliest by
 * {@code (event time, messageId)} and firstTime its event time in epoch milliseconds (decimal). The
 * id is a function of the session's content, so a replay finds the ids a live run wrote. The time
 * keeps ids apart when a client reuses a messageId after the dedup TTL.
 */
public final class SessionIds {

    private static final char SEPARATOR = '\u001f';
    /** One digest per thread: looking the algorithm up costs more than hashing an id. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    private SessionIds() {
    }

    public static String of(String source, String key, long firstTime, String firstMessageId) {
        byte[] digest = SHA_256.get().digest((source + SEPARATOR + key + SEPARATOR + firstTime + SEPARATOR + firstMessageId)
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
