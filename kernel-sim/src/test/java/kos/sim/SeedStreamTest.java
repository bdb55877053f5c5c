package kos.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SeedStreamTest {
    @Test
    void namedStreamsAreTheSimulationsDerivation() {
        SeedStream s = SeedStream.named("x.y");
        assertEquals(RandomStreams.seedFor(42, "x.y"), s.seed(42));
        assertEquals(RandomStreams.seedFor(42, "x.y.3"), s.seed(42, 3));
        assertNotEquals(SeedStream.named("x.z").seed(42), s.seed(42));
        assertEquals(new RandomStreams(42).fresh("x.y").nextLong(), s.random(42).nextLong());
    }

    @Test
    void keptFormsReproduceTheValuesDerivedBefore() {
        assertEquals(42L ^ 0x5DEECE66DL, SeedStream.xor("lora.train.shuffle", 0x5DEECE66DL).seed(42));
        assertEquals(101 + 1000L * 3, SeedStream.stride("attn.train.epoch", 1000).seed(101, 3));
        assertEquals(7, SeedStream.given("attn.init").seed(7));
    }

    @Test
    void aStreamHasAName() {
        assertThrows(IllegalArgumentException.class, () -> SeedStream.given(""));
    }
}
