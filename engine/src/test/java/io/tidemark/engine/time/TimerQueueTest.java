package io.tidemark.engine.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.time.internals.Timer;
import io.tidemark.engine.time.internals.TimerQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    record T(long ts, String key) implements Comparable<T> {
        @Override
        public int compareTo(T o) {
            int c = Long.compare(ts, o.ts);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    @Test
    void randomAddsRemovesAndPollsMatchASortedSetModel() {
        Random rnd = new Random(7);
        TimerQueue<String> q = new TimerQueue<>(Serdes.STRING);
        TreeSet<T> model = new TreeSet<>();
        List<T> polled = new ArrayList<>();
        List<T> expected = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            long ts = rnd.nextInt(500);
            String key = "k" + (char) ('a' + rnd.nextInt(20));
            switch (rnd.nextInt(4)) {
                case 0, 1 -> assertThat(q.add(ts, key)).isEqualTo(model.add(new T(ts, key)));
                case 2 -> assertThat(q.remove(ts, key)).isEqualTo(model.remove(new T(ts, key)));
                default -> {
                    Timer<String> t = q.poll();
                    T m = model.pollFirst();
                    if (t != null) {
                        polled.add(new T(t.timestamp(), t.key()));
                    }
                    if (m != null) {
                        expected.add(m);
                    }
                }
            }
            assertThat(q.size()).isEqualTo(model.size());
        }
        assertThat(polled).isEqualTo(expected);
    }
}
