package io.tidemark.engine.state.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyFilterTest {

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void mightContain_everyAddedKeyAcrossStages() {
        KeyFilter f = new KeyFilter();
        int n = KeyFilter.FIRST_CAPACITY * 7; // three stages: 64k + 128k + 256k
        for (int i = 0; i < n; i++) {
            f.add(key("source\u001fmessage-" + i));
        }
        for (int i = 0; i < n; i++) {
            assertThat(f.mightContain(key("source\u001fmessage-" + i))).as("key %d", i).isTrue();
        }
        assertThat(f.keys()).isEqualTo(n);
    }

    @Test
    void mightContain_rarelyTrueForKeysNeverAdded() {
        KeyFilter f = new KeyFilter();
        int n = KeyFilter.FIRST_CAPACITY * 7;
        for (int i = 0; i < n; i++) {
            f.add(key("added-" + i));
        }
        int falsePositives = 0;
        int probes = 200_000;
        for (int i = 0; i < probes; i++) {
            if (f.mightContain(key("never-" + i))) {
                falsePositives++;
            }
        }
        // three stages at 10, 11 and 12 bits per key: about 0.8 + 0.5 + 0.3 percent
        assertThat(falsePositives).isLessThan(probes * 3 / 100);
    }

    @Test
    void mightContain_falseWhenEmptyAndForKeysOfEveryLength() {
        KeyFilter f = new KeyFilter();
        assertThat(f.mightContain(new byte[0])).isFalse();
        for (int len = 0; len <= 20; len++) {
            f.add(new byte[len]);
        }
        for (int len = 0; len <= 20; len++) {
            assertThat(f.mightContain(new byte[len])).isTrue();
        }
    }

    @Test
    void hash_dependsOnEveryByteAndTheLength() {
        byte[] a = key("abcdefghijk");
        for (int i = 0; i < a.length; i++) {
            byte[] b = a.clone();
            b[i] ^= 1;
            assertThat(KeyFilter.hash(b)).isNotEqualTo(KeyFilter.hash(a));
        }
        assertThat(KeyFilter.hash(new byte[3])).isNotEqualTo(KeyFilter.hash(new byte[4]));
    }
}
