package kos.shell;

import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine;

/**
 * Typed command-line values and their one shared converter, so every command parses durations and
 * sizes the same way (see {@link Quantities}) and a bad value is reported as a usage error naming
 * the value and the expected form. Plain int, long, float and double options use the same strict
 * parser (no hex, no other scripts' digits, no Infinity or NaN, in the type's range).
 */
public final class Args {
    private Args() {
    }

    /** A duration typed by the user, in nanoseconds of virtual time. */
    public record Duration(long ns) {
        @Override
        public String toString() {
            return Quantities.formatDuration(ns);
        }
    }

    /**
     * A duration where a bare number means milliseconds, as in the original kernel's
     * {@code stresstest --duration 10000}; {@code unitless} says the number had no unit, so the
     * command can say how it read it. Units are accepted as everywhere else.
     */
    public record MillisOrDuration(long ns, boolean unitless) {
        @Override
        public String toString() {
            return Quantities.formatDuration(ns);
        }
    }

    /** A size typed by the user, in bytes. */
    public record Size(long bytes) {
        @Override
        public String toString() {
            return Quantities.formatBytes(bytes);
        }
    }

    /** Registers the converters on a command hierarchy (call after all subcommands are added). */
    public static void registerConverters(CommandLine cl) {
        cl.registerConverter(Duration.class, s -> new Duration(convert(() -> Quantities.parseDuration(s))));
        cl.registerConverter(MillisOrDuration.class, s -> s.matches("[0-9]{1,12}")
                ? new MillisOrDuration(Long.parseLong(s) * 1_000_000L, true)
                : new MillisOrDuration(convert(() -> Quantities.parseDuration(s)), false));
        cl.registerConverter(Size.class, s -> new Size(convert(() -> Quantities.parseSize(s))));
        // every plain number goes through the same strict parser: ASCII decimal, finite, in the type's range
        CommandLine.ITypeConverter<Integer> toInt = s -> (int) convert(() -> Quantities.parseLong(s,
                Integer.MIN_VALUE, Integer.MAX_VALUE, null));
        CommandLine.ITypeConverter<Long> toLong = s -> convert(() -> Quantities.parseLong(s));
        CommandLine.ITypeConverter<Double> toDouble = s -> convertDouble(() -> Quantities.parseDouble(s));
        CommandLine.ITypeConverter<Float> toFloat = s -> (float) convertDouble(() -> Quantities.parseDouble(s,
                -Float.MAX_VALUE, Float.MAX_VALUE, null));
        cl.registerConverter(Integer.class, toInt);
        cl.registerConverter(int.class, toInt);
        cl.registerConverter(Long.class, toLong);
        cl.registerConverter(long.class, toLong);
        cl.registerConverter(Double.class, toDouble);
        cl.registerConverter(double.class, toDouble);
        cl.registerConverter(Float.class, toFloat);
        cl.registerConverter(float.class, toFloat);
    }

    private static double convertDouble(java.util.function.DoubleSupplier parse) {
        try {
            return parse.getAsDouble();
        } catch (KosException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    private static long convert(java.util.function.LongSupplier parse) {
        try {
            return parse.getAsLong();
        } catch (KosException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
