package kos.mem;

import kos.sim.KosException;
import kos.sim.WorkloadParams;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Per-seed draws of workload options: a value written {@code LOW..HIGH} (e.g. {@code --rate 2MiB/s..6MiB/s},
 * {@code --start 5s..30s}, {@code --max-order 7..9}) is replaced by a uniform draw between the two
 * numbers, with the unit they share. Both ends must have the same unit; a range of plain whole
 * numbers without a unit (orders, counts) draws a whole number (inclusive). The draws come from a stream of their own per workload, so a
 * scenario's parameters are samples that vary with the seed, and the same seed draws the same ones.
 */
final class ParamRanges {
    private ParamRanges() {
    }

    static boolean hasRange(WorkloadParams params) {
        return params.asMap().values().stream().anyMatch(v -> v != null && v.contains(".."));
    }

    /**
     * The options with every range replaced by its draw, in a stable order (the options' order).
     * Every option of {@code params} is marked as read: the drawn copy checks the names.
     */
    static WorkloadParams draw(WorkloadParams params, SplittableRandom random) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.asMap().entrySet()) {
            String v = params.string(e.getKey(), null);
            int dots = v == null ? -1 : v.indexOf("..");
            out.put(e.getKey(), dots < 0 ? v : drawOne(e.getKey(), v.substring(0, dots).strip(), v.substring(dots + 2).strip(), random));
        }
        return new WorkloadParams(out);
    }

    static String drawOne(String key, String low, String high, SplittableRandom random) {
        int lo = numberEnd(low), hi = numberEnd(high);
        String unitLow = low.substring(lo), unitHigh = high.substring(hi);
        if (lo == 0 || hi == 0 || !unitLow.equalsIgnoreCase(unitHigh)) {
            throw new KosException("--" + key + " " + low + ".." + high + ": a range needs two numbers with the same unit, e.g. 2MiB/s..6MiB/s");
        }
        String a = low.substring(0, lo), b = high.substring(0, hi);
        double x = Double.parseDouble(a), y = Double.parseDouble(b);
        if (y < x) {
            throw new KosException("--" + key + " " + low + ".." + high + ": the range is empty (its high end is below its low end)");
        }
        if (unitLow.isEmpty() && a.indexOf('.') < 0 && b.indexOf('.') < 0) {
            long l = Long.parseLong(a), h = Long.parseLong(b);
            return (l + random.nextLong(h - l + 1)) + unitLow;
        }
        return String.format(Locale.ROOT, "%.4f", x + random.nextDouble() * (y - x)) + unitLow;
    }

    private static int numberEnd(String s) {
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        return i;
    }
}
