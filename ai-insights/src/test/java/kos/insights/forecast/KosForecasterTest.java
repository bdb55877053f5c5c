package kos.insights.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import kos.insights.ml.Mlp;
import org.junit.jupiter.api.Test;

class KosForecasterTest {
    private static final int SEASON = 40;

    /** A network that always predicts "no change" (log ratio 0): the last value. */
    private static Mlp lastValue() {
        int in = SeriesFeatures.NAMES.size(), hidden = 4, out = SeriesFeatures.LABELS.size();
        double[] std = new double[in];
        Arrays.fill(std, 1);
        return Mlp.of(new Mlp.Weights(
                SeriesFeatures.NAMES,
                SeriesFeatures.LABELS,
                Mlp.Loss.MSE,
                hidden,
                new double[in],
                std,
                new double[hidden * in],
                new double[hidden],
                new double[out * hidden],
                new double[out]));
    }

    private static double periodic(int i) {
        return 2 + Math.sin(2 * Math.PI * i / SEASON) + (i % SEASON == 7 ? 1.5 : 0);
    }

    @Test
    void theProfileFeaturesNeverSeeTodaysValues() {
        SeriesFeatures a = new SeriesFeatures(SEASON, true, false), b = new SeriesFeatures(SEASON, true, false);
        double[] xa = new double[SeriesFeatures.NAMES.size()], xb = new double[xa.length];
        int prof1 = SeriesFeatures.NAMES.indexOf("prof_1"), prof10 = SeriesFeatures.NAMES.indexOf("prof_10");
        for (int i = 0; i < 2 * SEASON + 25; i++) {
            a.observe(periodic(i));
            // the third day differs from the first two in b
            b.observe(i >= 2 * SEASON ? 5 * periodic(i) + 3 : periodic(i));
            if (a.ready()) {
                a.features(xa);
                b.features(xb);
                assertEquals(xa[prof1], xb[prof1], 1e-12, "sample " + i);
                assertEquals(xa[prof10], xb[prof10], 1e-12, "sample " + i);
            }
        }
        // on the third day the profile is the mean of the first two (equal here), smoothed over +-3
        double s0 = 0, s1 = 0;
        int now = 2 * SEASON + 24;
        for (int d = -SeriesFeatures.SMOOTH; d <= SeriesFeatures.SMOOTH; d++) {
            s0 += periodic(now + d);
            s1 += periodic(now + 1 + d);
        }
        assertEquals(a.logOf(s1 / 7) - a.logOf(s0 / 7), xa[prof1], 1e-12);
    }

    @Test
    void theClockFeaturesAreTheTimeOfDayAndHour() {
        SeriesFeatures f = new SeriesFeatures(300, false, true);
        double[] x = new double[SeriesFeatures.NAMES.size()];
        int at = SeriesFeatures.NAMES.indexOf("day_sin");
        for (long n = 1; n <= 700; n++) {
            f.observe(n % 7);
            if (f.ready()) {
                f.features(x);
                double day = (double) (n % 300) / 300, hour = day * 24 - Math.floor(day * 24);
                assertEquals(StrictMath.sin(2 * Math.PI * day), x[at]);
                assertEquals(StrictMath.cos(2 * Math.PI * day), x[at + 1]);
                assertEquals(StrictMath.sin(2 * Math.PI * hour), x[at + 2]);
                assertEquals(StrictMath.cos(2 * Math.PI * hour), x[at + 3]);
            }
        }
    }

    @Test
    void theBlendLeansOnHoltWintersWhereItIsRightAndOnTheNetworkWhereItIsNot() {
        KosForecaster.BlendParams exactSeason =
                new KosForecaster.BlendParams(new double[] {0, 0, 0}, new double[] {0, 0, 0}, 0.05, 0.005, 0.1);
        // a strictly periodic series: Holt-Winters with nothing to learn after the first season is exact
        KosForecaster f = new KosForecaster(lastValue(), SEASON, true, false, exactSeason);
        KosForecaster net = new KosForecaster(lastValue(), SEASON, true, false);
        double errBlend = 0, errNet = 0;
        for (int i = 0; i < 6 * SEASON; i++) {
            f.observe(periodic(i));
            net.observe(periodic(i));
            if (i >= 4 * SEASON) {
                errBlend += Math.abs(f.forecast(1) - periodic(i + 1)) + Math.abs(f.forecast(10) - periodic(i + 10));
                errNet += Math.abs(net.forecast(1) - periodic(i + 1)) + Math.abs(net.forecast(10) - periodic(i + 10));
            }
        }
        assertTrue(errBlend < 0.01 * errNet, "blend " + errBlend + " vs network alone " + errNet);

        // a random walk: a frozen Holt-Winters is far off, the last value is close; the blend keeps the network
        SplittableRandom r = new SplittableRandom(3);
        KosForecaster g = new KosForecaster(lastValue(), SEASON, true, false, exactSeason);
        double v = 5, errG = 0, errLast = 0;
        double[] walk = new double[8 * SEASON];
        for (int i = 0; i < walk.length; i++) {
            v = Math.max(0.5, v + 0.2 * (r.nextDouble() - 0.5) + (i == 3 * SEASON ? 4 : 0));
            walk[i] = v;
        }
        for (int i = 0; i + 1 < walk.length; i++) {
            g.observe(walk[i]);
            if (i >= 5 * SEASON) {
                errG += Math.abs(g.forecast(1) - walk[i + 1]);
                errLast += Math.abs(walk[i] - walk[i + 1]);
            }
        }
        assertTrue(errG < 1.05 * errLast, "blend " + errG + " vs last value " + errLast);
    }

    @Test
    void forecastsAreDeterministicAndBadParametersAreRefused() {
        KosForecaster.BlendParams p =
                new KosForecaster.BlendParams(new double[] {0.8, 0, 0.5}, new double[] {0.2, 0, 0.5}, 0.05, 0.005, 0.1);
        KosForecaster a = new KosForecaster(lastValue(), SEASON, false, true, p);
        KosForecaster b = new KosForecaster(lastValue(), SEASON, false, true, p);
        for (int i = 0; i < 3 * SEASON; i++) {
            a.observe(periodic(i) * 10);
            b.observe(periodic(i) * 10);
            assertEquals(Double.doubleToLongBits(a.forecast(10)), Double.doubleToLongBits(b.forecast(10)));
        }
        assertThrows(IllegalArgumentException.class, () -> a.forecast(3));
        assertThrows(
                IllegalArgumentException.class,
                () -> new KosForecaster.BlendParams(
                        new double[] {0.8, 0, 0.5}, new double[] {0.2, 0, 0.5}, 0, 0.005, 0.1));
    }
}
