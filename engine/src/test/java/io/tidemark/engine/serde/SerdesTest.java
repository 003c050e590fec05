package io.tidemark.engine.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SerdesTest {

    record Profile(String user, List<String> tags, long visits) {
    }

    @Test
    void primitivesAndStringsRoundTrip() {
        assertThat(Serdes.LONG.deserialize(Serdes.LONG.serialize(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        assertThat(Serdes.INT.deserialize(Serdes.INT.serialize(-7))).isEqualTo(-7);
        assertThat(Serdes.DOUBLE.deserialize(Serdes.DOUBLE.serialize(0.1))).isEqualTo(0.1);
        assertThat(Serdes.BOOLEAN.deserialize(Serdes.BOOLEAN.serialize(true))).isTrue();
        assertThat(Serdes.STRING.deserialize(Serdes.STRING.serialize("ünïcode"))).isEqualTo("ünïcode");
    }

    @Test
    void jsonSerdeRoundTripsRecordsAndIgnoresUnknownFields() {
        Serde<Profile> serde = Serdes.json(Profile.class);
        Profile p = new Profile("u", List.of("a", "b"), 3);
        assertThat(serde.deserialize(serde.serialize(p))).isEqualTo(p);
        byte[] newer = "{\"user\":\"u\",\"tags\":[],\"visits\":1,\"addedLater\":true}".getBytes();
        assertThat(serde.deserialize(newer)).isEqualTo(new Profile("u", List.of(), 1));
    }

    @Test
    void bigEndianLongsSortAsUnsignedBytesForNonNegativeValues() {
        assertThat(java.util.Arrays.compareUnsigned(Serdes.LONG.serialize(255L), Serdes.LONG.serialize(256L)))
                .isNegative();
    }
}
