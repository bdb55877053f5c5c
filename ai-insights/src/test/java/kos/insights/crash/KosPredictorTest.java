package kos.insights.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kos.simd.Kernels;
import org.junit.jupiter.api.Test;

class KosPredictorTest {
    private static final long MS = 1_000_000L;
    private static final long TOTAL = 131_072;

    private static MemorySample leakSample(long tMs, long used) {
        long free = TOTAL - used;
        return new MemorySample(
                tMs * MS,
                TOTAL,
                free,
                0,
                1_000,
                1_250,
                free > 1024 ? 10 : 0,
                100,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                -1,
                Double.POSITIVE_INFINITY,
                0,
                0);
    }

    @Test
    void aSteadyLeakRaisesConfidenceAsExhaustionNears() {
        KosPredictor p = new KosPredictor(KosPredictor.Models.defaults(), Kernels.get());
        double early = 0, late = 0;
        long tteAtLate = -1;
        // 2,000 pages/s leak from 10% used: exhaustion after about 58 s.
        for (long t = 0; t <= 55_000; t += 100) {
            Prediction q = p.update(leakSample(t, TOTAL / 10 + 2 * t));
            if (t == 10_000) {
                early = q.confidence();
            }
            if (t == 50_000) {
                late = q.confidence();
                tteAtLate = q.timeToExhaustionNs();
                assertEquals(CrashCause.LACK_OF_MEMORY, q.cause());
            }
        }
        assertTrue(early < 0.5, "early " + early);
        assertTrue(late > 0.8, "late " + late);
        long expectedTte = (long) ((TOTAL - (TOTAL / 10 + 100_000) - 1_000) / 2_000.0 * 1e9);
        assertTrue(Math.abs(tteAtLate - expectedTte) < 200 * MS, tteAtLate + " vs " + expectedTte);
    }

    @Test
    void theExplanationAddsUpToTheLearnedScoreAndNamesTheHazardBin() {
        KosPredictor p = new KosPredictor(KosPredictor.Models.shipped(), Kernels.get());
        Prediction q = null;
        for (long t = 0; t <= 50_000; t += 100) {
            q = p.update(leakSample(t, TOTAL / 10 + 2 * t));
        }
        KosPredictor.Explanation e = p.explain(q);
        assertEquals(CrashCause.LACK_OF_MEMORY, e.cause());
        assertEquals(q.factor("p_lack_of_memory"), e.probability(), 1e-12);
        assertEquals(
                KosPredictor.Models.shipped().exhaustion().probability(q.factor("projection_s")),
                e.probability(),
                1e-12);
        assertTrue(e.basis().contains("exhaustion projected in"), e.basis());
        assertEquals(q.factor("p_lack_of_memory_learned"), LogisticModel.sigmoid(e.logit()), 1e-9);
        double sum = e.bias();
        for (KosPredictor.Term t : e.terms()) {
            assertEquals(t.weight() * t.value(), t.contribution(), 1e-12);
            sum += t.contribution();
        }
        assertEquals(e.logit(), sum, 1e-9);
        assertEquals(CrashFeatures.NAMES.size(), e.terms().size());
        for (int i = 1; i < e.terms().size(); i++) {
            assertTrue(
                    Math.abs(e.terms().get(i - 1).contribution())
                            >= Math.abs(e.terms().get(i).contribution()),
                    "sorted by size");
        }
    }

    @Test
    void aRampThatLevelsOffIsNotProjectedButASteadyLeakIs() {
        CrashFeatures f = new CrashFeatures(Kernels.get());
        // Start-up ramp: 40% of memory in 3 s from t = 0, then flat. Never projected within the
        // hazard table's range (a flat level's rounding noise may project exhaustion in years).
        for (long t = 0; t <= 30_000; t += 100) {
            f.update(leakSample(t, Math.min(t, 3_000) * (long) (TOTAL * 0.4) / 3_000));
            assertTrue(
                    f.projectionS() >= ExhaustionHazard.EDGES_S[ExhaustionHazard.EDGES_S.length - 1],
                    "ramp projected at " + t + " ms: " + f.projectionS());
        }
        // A leak from 20 s: 2,000 pages/s. Once it has held for the window, it is projected.
        f.reset();
        for (long t = 0; t <= 40_000; t += 100) {
            f.update(leakSample(t, TOTAL / 10 + 2 * Math.max(0, t - 20_000)));
        }
        double expected = (TOTAL - (TOTAL / 10 + 40_000) - 1_000) / 2_000.0;
        assertEquals(expected, f.projectionS(), 1.0);
    }

    @Test
    void theHazardFitIsAMonotoneSmoothedFrequency() {
        List<double[]> s = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            s.add(new double[] {1, i < 90 ? 1 : 0}); // 0-3 s: 90%
            s.add(new double[] {4, i < 95 ? 1 : 0}); // 3-6 s: 95% (a violator: pooled with 0-3 s)
            s.add(new double[] {12, i < 40 ? 1 : 0}); // 10-15 s: 40%
            s.add(new double[] {Double.POSITIVE_INFINITY, i < 1 ? 1 : 0}); // none: 1%
        }
        ExhaustionHazard h = ExhaustionHazard.fit(s);
        assertEquals(h.rates()[0], h.rates()[1], 1e-12);
        assertEquals((90 + 95 + 1) / 202.0, h.rates()[0], 1e-12);
        assertEquals(40.5 / 101, h.rates()[h.bin(12)], 1e-12);
        assertEquals(1.5 / 101, h.probability(Double.POSITIVE_INFINITY), 1e-12);
        assertEquals(100, h.counts()[h.bin(12)]);
        for (int b = 1; b < h.rates().length - 1; b++) {
            assertTrue(h.rates()[b] <= h.rates()[b - 1], "non-increasing: " + h);
        }
    }

    @Test
    void aStableHighFootprintIsQuiet() {
        KosPredictor p = new KosPredictor(KosPredictor.Models.defaults(), Kernels.get());
        SplittableRandom r = new SplittableRandom(5);
        double worst = 0;
        for (long t = 0; t <= 60_000; t += 100) {
            worst = Math.max(
                    worst,
                    p.update(leakSample(t, (long) (TOTAL * 0.8) + r.nextInt(-500, 500)))
                            .confidence());
        }
        assertTrue(worst < 0.5, "worst " + worst);
    }

    @Test
    void theShippedModelIsFittedOnTheCurrentFeatures() throws Exception {
        try (var in = KosPredictor.class.getResourceAsStream("kos-predictor-model.json")) {
            org.junit.jupiter.api.Assertions.assertNotNull(
                    in, "kos-predictor-model.json must ship (crashctl fit writes it)");
            KosPredictor.Models m = new ObjectMapper().readValue(in, KosPredictor.Models.class);
            assertTrue(m.matchesFeatures(), "the shipped model is stale: run ./kos crashctl fit");
        }
    }

    @Test
    void fittedModelsRoundTripAsJson() throws Exception {
        KosPredictor.Models m = KosPredictor.Models.defaults();
        ObjectMapper json = new ObjectMapper();
        assertEquals(m, json.readValue(json.writeValueAsString(m), KosPredictor.Models.class));
    }

    @Test
    void logisticFitSeparatesSeparableData() {
        SplittableRandom r = new SplittableRandom(1);
        double[][] x = new double[400][];
        int[] y = new int[400];
        for (int i = 0; i < x.length; i++) {
            double a = r.nextDouble(), b = r.nextDouble();
            x[i] = new double[] {a, b};
            y[i] = a + 0.2 * b > 0.6 ? 1 : 0;
        }
        LogisticModel m = LogisticFit.fit(List.of("a", "b"), x, y, 1, 1e-4, 1500, 0.05);
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            correct += (m.probability(x[i]) >= 0.5) == (y[i] == 1) ? 1 : 0;
        }
        assertTrue(correct >= 380, correct + " of 400");
        assertTrue(m.weights()[0] > m.weights()[1], "a matters more than b");
    }

    @Test
    void calibrationTableBinsAndError() {
        CalibrationTable t = new CalibrationTable();
        for (int i = 0; i < 10; i++) {
            t.add(0.95, i < 9);
            t.add(0.05, i < 1);
        }
        assertEquals(10, t.bins().get(9).predictions());
        assertEquals(0.9, t.bins().get(9).observedRate(), 1e-12);
        assertEquals(0.05, t.expectedCalibrationError(), 1e-9);
    }

    @Test
    void observeThenPredictionIsUpdate() {
        KosPredictor a = new KosPredictor(KosPredictor.Models.shipped(), Kernels.get());
        KosPredictor b = new KosPredictor(KosPredictor.Models.shipped(), Kernels.get());
        assertEquals(null, b.prediction(), "nothing before the first sample");
        for (long t = 0; t <= 60_000; t += 100) {
            MemorySample s = leakSample(t, TOTAL / 10 + 2 * t);
            Prediction q = a.update(s);
            b.observe(s);
            assertEquals(q.confidence(), b.confidence());
            assertEquals(q.cause(), b.cause());
            assertEquals(q.timeToExhaustionNs(), b.timeToExhaustionNs());
            Prediction r = b.prediction();
            assertEquals(q.timeNs(), r.timeNs());
            assertEquals(q.factors(), r.factors());
        }
        b.reset();
        assertEquals(null, b.prediction());
        assertEquals(-1, b.timeToExhaustionNs());
    }
}
