package kos.sched;

import kos.sim.KosException;
import kos.sim.Quantities;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A distribution of durations (CPU bursts, I/O waits, job sizes), sampled in nanoseconds.
 *
 * <p>Sampling uses {@link StrictMath}, so a seeded stream gives the same values on every machine.
 * Every sample is at least 1 ns (a zero-length burst would be no burst at all).
 *
 * <p>Text form (what {@code task spawn --burst} takes): {@code 10ms} or {@code fixed:10ms},
 * {@code exp:5ms} (mean), {@code hyper:P:MEAN1:MEAN2} (with probability P an exponential of MEAN1,
 * else of MEAN2), {@code pareto:SHAPE:MIN[:CAP]}, {@code list:5ms,3ms,8ms} (cycled in order).
 */
public sealed interface Distribution {
    /**
     * One sample in nanoseconds.
     *
     * @param r the caller's seeded stream
     * @param n how many samples the caller drew before (list distributions cycle on it)
     */
    long sample(SplittableRandom r, long n);

    /** The mean in nanoseconds (infinite for a Pareto with shape at most 1). */
    double meanNs();

    /** The text form, parseable by {@link #parse}. */
    String describe();

    /**
     * P(sample > t) for t in nanoseconds: what size-aware baselines (the Gittins index policy, the
     * M/G/1 formulas of the tests) need. A cycled list counts as the empirical distribution of its values.
     */
    double survival(double t);

    record Fixed(long ns) implements Distribution {
        public long sample(SplittableRandom r, long n) {
            return Math.max(1, ns);
        }

        public double meanNs() {
            return ns;
        }

        public String describe() {
            return Quantities.formatDuration(ns);
        }

        public double survival(double t) {
            return t < Math.max(1, ns) ? 1 : 0;
        }
    }

    record Exponential(double mean) implements Distribution {
        public long sample(SplittableRandom r, long n) {
            return Math.max(1, Math.round(-mean * StrictMath.log(1.0 - r.nextDouble())));
        }

        public double meanNs() {
            return mean;
        }

        public String describe() {
            return "exp:" + Quantities.formatDuration(Math.round(mean));
        }

        public double survival(double t) {
            return t <= 0 ? 1 : StrictMath.exp(-t / mean);
        }
    }

    /** Many short, few long: with probability {@code p} an exponential of {@code mean1}, else of {@code mean2}. */
    record HyperExponential(double p, double mean1, double mean2) implements Distribution {
        public long sample(SplittableRandom r, long n) {
            double m = r.nextDouble() < p ? mean1 : mean2;
            return Math.max(1, Math.round(-m * StrictMath.log(1.0 - r.nextDouble())));
        }

        public double meanNs() {
            return p * mean1 + (1 - p) * mean2;
        }

        public String describe() {
            return "hyper:" + p + ":" + Quantities.formatDuration(Math.round(mean1)) + ":" + Quantities.formatDuration(Math.round(mean2));
        }

        public double survival(double t) {
            return t <= 0 ? 1 : p * StrictMath.exp(-t / mean1) + (1 - p) * StrictMath.exp(-t / mean2);
        }
    }

    /** Pareto with {@code shape} and scale {@code min}, optionally capped at {@code cap} (0 = no cap). */
    record Pareto(double shape, double min, double cap) implements Distribution {
        public long sample(SplittableRandom r, long n) {
            double x = min / StrictMath.pow(1.0 - r.nextDouble(), 1.0 / shape);
            if (cap > 0 && x > cap) {
                x = cap;
            }
            return Math.max(1, Math.round(Math.min(x, 1e17)));
        }

        public double meanNs() {
            return shape <= 1 ? Double.POSITIVE_INFINITY : shape * min / (shape - 1); // cap ignored: an upper bound
        }

        public String describe() {
            return "pareto:" + shape + ":" + Quantities.formatDuration(Math.round(min))
                    + (cap > 0 ? ":" + Quantities.formatDuration(Math.round(cap)) : "");
        }

        public double survival(double t) {
            if (t < min) {
                return 1;
            }
            return cap > 0 && t >= cap ? 0 : StrictMath.pow(min / t, shape);
        }

        /** The Pareto of this shape whose (uncapped) mean is {@code meanNs}. */
        public static Pareto withMean(double shape, double meanNs) {
            return new Pareto(shape, meanNs * (shape - 1) / shape, 0);
        }
    }

    /** The given values in order, cycled. */
    record Cycle(long[] values) implements Distribution {
        public Cycle {
            if (values.length == 0) {
                throw new KosException("a list distribution needs at least one value");
            }
            values = values.clone();
        }

        public long sample(SplittableRandom r, long n) {
            return Math.max(1, values[(int) (n % values.length)]);
        }

        public double meanNs() {
            return Arrays.stream(values).average().orElse(0);
        }

        public double survival(double t) {
            int above = 0;
            for (long v : values) {
                above += Math.max(1, v) > t ? 1 : 0;
            }
            return (double) above / values.length;
        }

        public String describe() {
            StringBuilder b = new StringBuilder("list:");
            for (int i = 0; i < values.length; i++) {
                b.append(i == 0 ? "" : ",").append(Quantities.formatDuration(values[i]));
            }
            return b.toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cycle c && Arrays.equals(values, c.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    static Fixed fixed(long ns) {
        return new Fixed(ns);
    }

    static Exponential exp(long meanNs) {
        return new Exponential(meanNs);
    }

    /** Parses the text form described on {@link Distribution}. */
    static Distribution parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        if (colon < 0) {
            return new Fixed(Quantities.parseDuration(t));
        }
        String kind = t.substring(0, colon);
        String[] a = t.substring(colon + 1).split(":");
        try {
            return switch (kind) {
                case "fixed" -> {
                    need(text, a, 1, 1);
                    yield new Fixed(Quantities.parseDuration(a[0]));
                }
                case "exp" -> {
                    need(text, a, 1, 1);
                    yield new Exponential(positive(text, Quantities.parseDuration(a[0])));
                }
                case "hyper" -> {
                    need(text, a, 3, 3);
                    double p = Quantities.parseDouble(a[0]);
                    if (!(p >= 0 && p <= 1)) {
                        throw new KosException("the probability must be in 0..1");
                    }
                    yield new HyperExponential(p, positive(text, Quantities.parseDuration(a[1])), positive(text, Quantities.parseDuration(a[2])));
                }
                case "pareto" -> {
                    need(text, a, 2, 3);
                    double shape = Quantities.parseDouble(a[0]);
                    if (!(shape > 0)) {
                        throw new KosException("the shape must be positive");
                    }
                    yield new Pareto(shape, positive(text, Quantities.parseDuration(a[1])), a.length > 2 ? Quantities.parseDuration(a[2]) : 0);
                }
                case "list" -> {
                    String[] parts = t.substring(colon + 1).split(",");
                    yield new Cycle(Arrays.stream(parts).mapToLong(s -> Quantities.parseDuration(s.trim())).toArray());
                }
                default -> throw new KosException("unknown kind '" + kind + "'");
            };
        } catch (KosException e) {
            throw new KosException("bad distribution '" + text + "': " + e.getMessage()
                    + " (forms: 10ms, fixed:10ms, exp:5ms, hyper:0.9:1ms:50ms, pareto:1.5:1ms[:10s], list:5ms,3ms)");
        }
    }

    private static void need(String text, String[] a, int min, int max) {
        if (a.length < min || a.length > max) {
            throw new KosException("expected " + (min == max ? String.valueOf(min) : min + " or " + max) + " parameter(s)");
        }
    }

    private static long positive(String text, long ns) {
        if (ns <= 0) {
            throw new KosException("the duration must be positive");
        }
        return ns;
    }
}
