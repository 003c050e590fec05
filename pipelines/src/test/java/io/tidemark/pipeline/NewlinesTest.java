package io.tidemark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NewlinesTest {

  @Test
  void nextAndCount_findWhatAByteLoopFinds_atEveryOffsetAndLength() {
    SplittableRandom random = new SplittableRandom(4);
    // bytes next to the newline (0x09, 0x0B, 0x8A, 0x0A ^ 0x80) and plain text around it
    byte[] alphabet = {'\n', 0x09, 0x0B, (byte) 0x8A, (byte) 0xFF, 0x00, 'a', '{', '"', '\r'};
    for (int round = 0; round < 300; round++) {
      byte[] b = new byte[random.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
      }
      for (int from = 0; from <= b.length; from++) {
        for (int to = from; to <= b.length; to++) {
          int expected = from;
          while (expected < to && b[expected] != '\n') {
            expected++;
          }
          assertThat(Newlines.next(b, from, to)).isEqualTo(expected);
        }
      }
      for (int to = 0; to <= b.length; to++) {
        long expected = 0;
        for (int i = 0; i < to; i++) {
          expected += b[i] == '\n' ? 1 : 0;
        }
        assertThat(Newlines.count(b, to)).isEqualTo(expected);
      }
    }
  }
}
