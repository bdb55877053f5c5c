package kos.insights.threat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import kos.insights.ml.Mlp;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;

/**
 * The shipped threat MLP: present, on the current features, lossless to load (so a run with it scores as a
 * run with the model it was written from), and a detector. That it equals a retrain byte for byte is checked
 * by {@code threatctl fit --check} (a nightly step: retraining takes longer than a unit test may).
 */
class ShippedThreatModelTest {
    @Test
    void theShippedModelIsOnTheCurrentFeaturesAndLoadsLosslessly() {
        byte[] bytes = ShippedThreatModel.bytes()
                .orElseThrow(() -> new AssertionError(
                        ShippedThreatModel.SOURCE_PATH + " must ship ('threatctl fit --out' writes it)"));
        Mlp m = ShippedThreatModel.parse(bytes, "shipped");
        assertEquals(ThreatModel.FEATURES, m.features());
        assertTrue(ShippedThreatModel.load().isPresent());
        assertArrayEquals(bytes, ShippedThreatModel.toBytes(m), "weights must round-trip exactly");
        assertArrayEquals(bytes, ShippedThreatModel.toBytes(m.copy()));
    }

    @Test
    void itFindsAForkBombOnAHeldOutSeedAndFlagsNoBenignTaskThere() {
        MlpDetector d = new MlpDetector(ShippedThreatModel.load().orElseThrow());
        ThreatRunner.Outcome o = ThreatRunner.run("forkbomb", 101, true, d, null, null);
        assertTrue(o.detected() && o.timeToDetectionNs() <= ThreatEval.GOAL_NS, "ttd " + o.timeToDetectionNs());
        assertEquals(0, o.benignFlagged());
    }

    @Test
    void badWeightsAreRefusedWithOneLine() {
        var e = assertThrows(
                KosException.class,
                () -> ShippedThreatModel.parse("{\"features\":".getBytes(StandardCharsets.UTF_8), "x.json"));
        assertTrue(e.getMessage().startsWith("x.json is not threat model weights"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
