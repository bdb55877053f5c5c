package kos.device;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-device features, from the counters only (what smartctl, iostat and the enclosure's sensors
 * show; never the device's hidden fate): recorded after every simulated minute and read over the
 * last 10, 30 and 60 minutes (or the run so far when shorter).
 */
public final class DeviceFeatures {
    public static final List<String> NAMES = List.of(
            "realloc_log",
            "realloc_60m",
            "realloc_10m",
            "pending",
            "pending_max_60m",
            "read_err_10m",
            "read_err_60m",
            "outliers_10m",
            "outliers_60m",
            "timeouts_10m",
            "timeouts_60m",
            "temp_c",
            "temp_rise_30m",
            "temp_vs_enclosure",
            "load_10m",
            "temp_rise_vs_enclosure",
            "load_rise_30m");

    /** One device's features at one minute. */
    public record Row(Device device, int minute, double[] x) {}

    private final double[][] realloc, pending, readErr, outliers, timeouts, temp, load;
    private int recorded;

    public DeviceFeatures() {
        int n = DeviceMachine.DEVICES, m = DeviceMachine.RUN_MIN + 1;
        realloc = new double[n][m];
        pending = new double[n][m];
        readErr = new double[n][m];
        outliers = new double[n][m];
        timeouts = new double[n][m];
        temp = new double[n][m];
        load = new double[n][m];
    }

    /** Minutes recorded before the first row: the windows need history (the first failure is at 6 h). */
    public static final int WARMUP_MIN = 60;

    /**
     * Records minute {@code machine.minute()} (call once after each step) and returns the rows of the
     * devices still in service (neither failed nor retired); none during the first {@link #WARMUP_MIN} minutes.
     */
    public List<Row> observe(DeviceMachine machine) {
        int t = recorded++;
        for (Device d : machine.devices()) {
            int i = d.id();
            realloc[i][t] = d.reallocated();
            pending[i][t] = d.pending();
            readErr[i][t] = d.readErrorsNow();
            outliers[i][t] = d.outliersNow();
            timeouts[i][t] = d.timeouts();
            temp[i][t] = d.temperatureC();
            load[i][t] = d.load();
        }
        List<Row> rows = new ArrayList<>();
        if (t < WARMUP_MIN) {
            return rows;
        }
        for (Device d : machine.devices()) {
            if (d.failed() || d.retired()) {
                continue;
            }
            rows.add(new Row(d, t, features(machine, d, t)));
        }
        return rows;
    }

    private double[] features(DeviceMachine m, Device d, int t) {
        int i = d.id();
        int t10 = Math.max(0, t - 10), t30 = Math.max(0, t - 30), t60 = Math.max(0, t - 60);
        double pendMax = 0;
        for (int k = t60; k <= t; k++) {
            pendMax = Math.max(pendMax, pending[i][k]);
        }
        double[] peers = new double[DeviceMachine.PER_ENCLOSURE], peerRise = new double[DeviceMachine.PER_ENCLOSURE];
        int np = 0;
        for (Device o : m.devices()) {
            if (o.enclosure() == d.enclosure() && o.id() != i && !o.failed()) {
                peerRise[np] = temp[o.id()][t] - temp[o.id()][t30];
                peers[np++] = temp[o.id()][t];
            }
        }
        double median = np == 0 ? temp[i][t] : median(Arrays.copyOf(peers, np));
        double rise = temp[i][t] - temp[i][t30];
        double medianRise = np == 0 ? rise : median(Arrays.copyOf(peerRise, np));
        return new double[] {
            Math.log1p(realloc[i][t]),
            realloc[i][t] - realloc[i][t60],
            realloc[i][t] - realloc[i][t10],
            pending[i][t],
            pendMax,
            perLoad(readErr[i], load[i], t10, t),
            perLoad(readErr[i], load[i], t60, t),
            perLoad(outliers[i], load[i], t10, t),
            perLoad(outliers[i], load[i], t60, t),
            timeouts[i][t] - timeouts[i][t10],
            timeouts[i][t] - timeouts[i][t60],
            temp[i][t],
            rise,
            temp[i][t] - median,
            mean(load[i], t10, t),
            rise - medianRise,
            mean(load[i], t10, t) - mean(load[i], Math.max(0, t30 - 10), t30)
        };
    }

    /** Events per minute per unit of load over minutes (from, to]: errors that the I/O volume does not explain. */
    private static double perLoad(double[] events, double[] load, int from, int to) {
        double e = 0, l = 0;
        for (int k = Math.min(from + 1, to); k <= to; k++) {
            e += events[k];
            l += load[k];
        }
        return e / (l + 0.5);
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        int n = 0;
        for (int k = Math.min(from + 1, to); k <= to; k++) {
            s += v[k];
            n++;
        }
        return s / n;
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
