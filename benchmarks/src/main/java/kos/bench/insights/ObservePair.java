package kos.bench.insights;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * A/B of the crash predictor's {@code observe} on a loaded machine: {@link ObserveLap} from two
 * builds of ai-insights (each in its own class loader, before this jar) in one JVM, laps alternating
 * (A B, B A, ...), so both builds see the same load; prints each build's min and median CPU ns per
 * observe and the median of the paired differences. Usage, with two builds' classes:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar kos.bench.insights.ObservePair \
 *     $BASE/ai-insights/target/classes ai-insights/target/classes [laps]
 * </pre>
 */
public final class ObservePair {
    private ObservePair() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ObservePair A_AI_INSIGHTS_CLASSES B_AI_INSIGHTS_CLASSES [laps]");
            System.exit(2);
        }
        URL self = ObserveLap.class.getProtectionDomain().getCodeSource().getLocation();
        LongSupplier[] laps = new LongSupplier[2];
        for (int k = 0; k < 2; k++) {
            Path build = Path.of(args[k]);
            if (!Files.exists(build)) {
                throw new IllegalArgumentException("no such build: " + build);
            }
            ClassLoader cl =
                    new URLClassLoader(new URL[] {build.toUri().toURL(), self}, ClassLoader.getPlatformClassLoader());
            laps[k] = (LongSupplier)
                    cl.loadClass(ObserveLap.class.getName()).getConstructor().newInstance();
        }
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        for (int w = 0; w < 4; w++) { // warm-up: both builds compiled
            laps[0].getAsLong();
            laps[1].getAsLong();
        }
        double[][] v = new double[2][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 2; j++) {
                int k = i % 2 == 0 ? j : 1 - j;
                v[k][i] = laps[k].getAsLong() / (double) ObserveLap.OBSERVES;
            }
        }
        double[] d = new double[n];
        int bFaster = 0;
        for (int i = 0; i < n; i++) {
            d[i] = v[1][i] - v[0][i];
            bFaster += d[i] < 0 ? 1 : 0;
        }
        for (int k = 0; k < 2; k++) {
            double[] c = v[k].clone();
            Arrays.sort(c);
            System.out.printf("%s %s: min %.1f, median %.1f CPU ns/observe%n", k == 0 ? "A" : "B", args[k], c[0], c[n / 2]);
        }
        Arrays.sort(d);
        System.out.printf("B - A: median %+.1f ns/observe; B faster in %d of %d laps%n", d[n / 2], bFaster, n);
    }
}
