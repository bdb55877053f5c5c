package kos.bench.mem;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * A/B of the buddy allocator on a loaded machine: {@link ChurnLap} from two builds of kernel-sim
 * (each in its own class loader) in one JVM, laps alternating (A B, B A, ...), so both builds see
 * the same load; prints each build's min and median CPU ns/op and the median of the paired
 * differences. Usage, with two checkouts built:
 * <pre>
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar kos.bench.mem.ChurnPair \
 *     $BASE/kernel-sim/target/classes kernel-sim/target/classes [laps]
 * </pre>
 */
public final class ChurnPair {
    private ChurnPair() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ChurnPair A_KERNEL_SIM_CLASSES B_KERNEL_SIM_CLASSES [laps]");
            System.exit(2);
        }
        URL self = ChurnLap.class.getProtectionDomain().getCodeSource().getLocation();
        LongSupplier[] laps = new LongSupplier[2];
        for (int k = 0; k < 2; k++) {
            Path build = Path.of(args[k]);
            if (!Files.exists(build)) {
                throw new IllegalArgumentException("no such build: " + build);
            }
            // the build's kos.mem first, then this jar for ChurnLap and the rest of kernel-sim
            ClassLoader cl =
                    new URLClassLoader(new URL[] {build.toUri().toURL(), self}, ClassLoader.getPlatformClassLoader());
            laps[k] = (LongSupplier)
                    cl.loadClass(ChurnLap.class.getName()).getConstructor().newInstance();
        }
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        double[][] v = new double[2][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 2; j++) {
                int k = i % 2 == 0 ? j : 1 - j;
                v[k][i] = laps[k].getAsLong() / (double) ChurnLap.operations();
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
            System.out.printf("%s %s: min %.1f, median %.1f CPU ns/op%n", k == 0 ? "A" : "B", args[k], c[0], c[n / 2]);
        }
        Arrays.sort(d);
        System.out.printf("B - A: median %+.1f ns/op; B faster in %d of %d laps%n", d[n / 2], bFaster, n);
    }
}
