package kos.insights.device;

import static kos.device.DeviceFeatures.NAMES;

import java.util.ArrayList;
import java.util.List;

/**
 * The vendor-style threshold rules (what smartd and a storage operator's alerting check, written
 * before any run and not fitted): over 100 reallocated sectors, or over 20 grown in the last hour;
 * over 10 pending sectors; over 5 command timeouts in the last hour; over 60 C; read errors over
 * 3 per minute per unit of load over 10 minutes. Score 1 when a rule fires, else 0.
 */
public final class VendorRules implements DevicePredictor {
    private static final int REALLOC = NAMES.indexOf("realloc_log"),
            REALLOC_60 = NAMES.indexOf("realloc_60m"),
            PENDING = NAMES.indexOf("pending"),
            TIMEOUTS_60 = NAMES.indexOf("timeouts_60m"),
            TEMP = NAMES.indexOf("temp_c"),
            READ_10 = NAMES.indexOf("read_err_10m");

    /** The rules in one line, for the commands. */
    public static final String DESCRIPTION = "reallocated > 100 or +20 in 1 h, pending > 10, timeouts > 5 in 1 h, "
            + "temperature > 60 C, read errors > 3/min per unit of load over 10 min";

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public double[] scoreAll(List<double[]> xs) {
        double[] s = new double[xs.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = fired(xs.get(i)).isEmpty() ? 0 : 1;
        }
        return s;
    }

    /** The rules that fire on {@code x}, by name. */
    public static List<String> fired(double[] x) {
        List<String> f = new ArrayList<>();
        if (StrictMath.expm1(x[REALLOC]) > 100 || x[REALLOC_60] > 20) {
            f.add("reallocated");
        }
        if (x[PENDING] > 10) {
            f.add("pending");
        }
        if (x[TIMEOUTS_60] > 5) {
            f.add("timeouts");
        }
        if (x[TEMP] > 60) {
            f.add("temperature");
        }
        if (x[READ_10] > 3) {
            f.add("read-errors");
        }
        return f;
    }
}
