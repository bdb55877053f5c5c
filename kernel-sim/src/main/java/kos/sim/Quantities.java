package kos.sim;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parsing and formatting of the quantities users type: durations, sizes, rates and plain numbers.
 * One place, so every command and script rejects a bad value with the same kind of message naming
 * the value and the form that was expected.
 *
 * <p>Durations are returned in nanoseconds and accept the units {@code ns, us, ms, s, m, h}
 * (a bare number is rejected: a duration without a unit is ambiguous). Sizes are returned in bytes
 * and accept {@code B, KiB, MiB, GiB, TiB} (also {@code K, M, G, T} and {@code KB, MB, GB} as
 * binary units, as {@code free -h} prints them); a bare number means bytes. Fractions are allowed
 * ({@code 1.5s}, {@code 0.5GiB}) and rounded to the nearest whole unit of the result.
 */
public final class Quantities {
    public static final long NS_PER_US = 1_000L;
    public static final long NS_PER_MS = 1_000_000L;
    public static final long NS_PER_S = 1_000_000_000L;
    public static final long KIB = 1L << 10, MIB = 1L << 20, GIB = 1L << 30, TIB = 1L << 40;

    /** The longest duration a user can type: 100,000 hours (about 11 years of virtual time). */
    public static final long MAX_DURATION_HOURS = 100_000L;

    public static final long MAX_DURATION_NS = MAX_DURATION_HOURS * 3600 * NS_PER_S;
    /** The largest size a user can type: 1024 TiB (so page arithmetic on it cannot overflow). */
    public static final long MAX_SIZE = 1L << 50;

    /** The longest text taken for a number or quantity (longer text is refused before any pattern runs on it). */
    private static final int MAX_TEXT = 200;

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9](_*[0-9])*");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?([0-9](_*[0-9])*(\\.([0-9](_*[0-9])*)?)?|\\.[0-9](_*[0-9])*)([eE][+-]?[0-9]{1,9})?");
    private static final Pattern DECIMAL_PLAIN = Pattern.compile("\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
    private static final Pattern HEX = Pattern.compile("[+-]?0[xX][0-9a-fA-F_.]*([pP][+-]?[0-9]+)?");
    private static final Pattern NON_ASCII_DIGIT = Pattern.compile("[\\p{Nd}&&[^0-9]]");
    private static final Pattern NONZERO_DIGIT = Pattern.compile("[1-9]");
    private static final Pattern NEGATIVE =
            Pattern.compile("-([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?[a-zA-Zµ/]*");

    private static final String DURATION_FORM = "a duration such as 500ms or 10s (units: ns, us, ms, s, m, h)";
    private static final String SIZE_FORM = "a size such as 64KiB or 512MiB (units: B, KiB, MiB, GiB, TiB)";
    private static final String RATE_FORM = "a rate such as 8MiB/s (a size per s, ms or m)";

    private Quantities() {}

    /** Parses a duration into nanoseconds; accepts zero, rejects negative values and more than {@link #MAX_DURATION_NS}. */
    public static long parseDuration(String text) {
        String t = trimmed(text, DURATION_FORM);
        int split = unitStart(t);
        String unit = t.substring(split).strip().toLowerCase(Locale.ROOT);
        long scale = switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> NS_PER_US;
            case "ms" -> NS_PER_MS;
            case "s", "sec" -> NS_PER_S;
            case "m", "min" -> 60 * NS_PER_S;
            case "h" -> 3600 * NS_PER_S;
            case "" -> throw bad(text, DURATION_FORM + "; the unit is missing");
            default -> throw bad(text, DURATION_FORM);
        };
        long v = scaled(t.substring(0, split), scale, text, DURATION_FORM);
        if (v > MAX_DURATION_NS) {
            throw new KosException(
                    "'" + shown(text) + "' is too long: a duration is at most " + MAX_DURATION_HOURS + "h");
        }
        return v;
    }

    /** Parses a size into bytes; accepts zero, rejects negative values and more than {@link #MAX_SIZE}. */
    public static long parseSize(String text) {
        String t = trimmed(text, SIZE_FORM);
        int split = unitStart(t);
        String unit = t.substring(split).strip().toLowerCase(Locale.ROOT);
        long scale = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> KIB;
            case "m", "mb", "mib" -> MIB;
            case "g", "gb", "gib" -> GIB;
            case "t", "tb", "tib" -> TIB;
            default -> throw bad(text, SIZE_FORM);
        };
        long v = scaled(t.substring(0, split), scale, text, SIZE_FORM);
        if (v > MAX_SIZE) {
            throw new KosException("'" + shown(text) + "' is too large: a size is at most 1024TiB");
        }
        return v;
    }

    /** Parses a rate such as {@code 8MiB/s} into bytes per second (a double: rates may be fractional). */
    public static double parseRate(String text) {
        String t = trimmed(text, RATE_FORM);
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw bad(text, RATE_FORM);
        }
        long bytes;
        try {
            bytes = parseSize(t.substring(0, slash));
        } catch (KosException e) {
            throw bad(text, RATE_FORM);
        }
        String per = t.substring(slash + 1).strip().toLowerCase(Locale.ROOT);
        double seconds = switch (per) {
            case "s", "sec" -> 1.0;
            case "ms" -> 1e-3;
            case "m", "min" -> 60.0;
            case "h" -> 3600.0;
            default -> throw bad(text, RATE_FORM);
        };
        return bytes / seconds;
    }

    /**
     * Parses a whole number: an optional sign, then ASCII digits (underscores allowed between
     * them). Other scripts' digits, hex, fractions and exponents are refused.
     */
    public static long parseLong(String text) {
        return parseLong(text, Long.MIN_VALUE, Long.MAX_VALUE, null);
    }

    /**
     * Parses a whole number in {@code [min, max]}.
     *
     * @param what names the value in messages (e.g. "--threads"), or null
     */
    public static long parseLong(String text, long min, long max, String what) {
        String t = trimmed(text, "a whole number");
        if (!INTEGER.matcher(t).matches()) {
            throw new KosException(prefix(what) + "'" + shown(text) + "' is not a whole number"
                    + (HEX.matcher(t).matches() ? " (hex is not accepted; write it in decimal)" : "")
                    + (NON_ASCII_DIGIT.matcher(t).find() ? " (use the digits 0-9)" : ""));
        }
        long v;
        try {
            v = Long.parseLong(t.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new KosException(prefix(what) + "'" + shown(text) + "' is out of range: expected " + range(min, max));
        }
        if (v < min || v > max) {
            throw new KosException(prefix(what) + "'" + shown(text) + "' is out of range: expected " + range(min, max));
        }
        return v;
    }

    /** Parses a whole number in {@code [min, max]} as an int. */
    public static int parseInt(String text, int min, int max, String what) {
        return (int) parseLong(text, min, max, what);
    }

    /**
     * Parses a finite decimal number: an optional sign, ASCII digits with an optional fraction and
     * exponent ({@code 0.5}, {@code 1e-3}); hex floats, {@code Infinity} and {@code NaN} are refused.
     * A number too small to represent is refused too rather than silently becoming 0.
     */
    public static double parseDouble(String text) {
        return parseDouble(text, -Double.MAX_VALUE, Double.MAX_VALUE, null);
    }

    /** Parses a finite decimal number in {@code [min, max]}. */
    public static double parseDouble(String text, double min, double max, String what) {
        String t = trimmed(text, "a number");
        if (!DECIMAL.matcher(t).matches()) {
            String lower = t.toLowerCase(Locale.ROOT);
            String hint = HEX.matcher(t).matches() || lower.contains("0x")
                    ? " (hex is not accepted; write it in decimal)"
                    : lower.contains("inf") || lower.contains("nan")
                            ? " (it must be a finite number)"
                            : NON_ASCII_DIGIT.matcher(t).find() ? " (use the digits 0-9)" : "";
            throw new KosException(prefix(what) + "'" + shown(text) + "' is not a number" + hint);
        }
        double v = Double.parseDouble(t.replace("_", ""));
        if (!Double.isFinite(v)) {
            throw new KosException(
                    prefix(what) + "'" + shown(text) + "' is too large: a number is at most about 1.8e308");
        }
        if (v == 0 && NONZERO_DIGIT.matcher(mantissa(t)).find()) {
            throw new KosException(
                    prefix(what) + "'" + shown(text) + "' is too small to represent (below about 4.9e-324)");
        }
        if (v < min || v > max) {
            throw new KosException(prefix(what) + "'" + shown(text) + "' is out of range: expected " + range(min, max));
        }
        return v;
    }

    /** Checks that {@code v} lies in {@code [min, max]}; a clear error naming {@code what} if not. */
    public static long checkRange(long v, long min, long max, String what) {
        if (v < min || v > max) {
            throw new KosException(prefix(what) + v + " is out of range: expected " + range(min, max));
        }
        return v;
    }

    /** Checks that {@code v} is finite and lies in {@code [min, max]}. */
    public static double checkRange(double v, double min, double max, String what) {
        if (!(v >= min && v <= max)) {
            throw new KosException(prefix(what) + fmt(v) + " is out of range: expected " + range(min, max));
        }
        return v;
    }

    /** Whether {@code text} reads as a negative quantity ({@code -5s}, {@code -3}, {@code -0.5GiB}). */
    public static boolean looksNegative(String text) {
        return text != null
                && text.length() <= MAX_TEXT
                && NEGATIVE.matcher(text.strip()).matches();
    }

    /** Formats nanoseconds for people: {@code 1.500s}, {@code 250.000ms}, {@code 3.200us}, {@code 17ns}. */
    public static String formatDuration(long ns) {
        long abs = Math.abs(ns);
        if (abs >= 60 * NS_PER_S && abs % NS_PER_S == 0 && abs >= 600 * NS_PER_S) {
            return String.format(Locale.ROOT, "%dm%02ds", ns / (60 * NS_PER_S), Math.abs(ns / NS_PER_S) % 60);
        }
        if (abs >= NS_PER_S) {
            return String.format(Locale.ROOT, "%.3fs", ns / 1e9);
        }
        if (abs >= NS_PER_MS) {
            return String.format(Locale.ROOT, "%.3fms", ns / 1e6);
        }
        if (abs >= NS_PER_US) {
            return String.format(Locale.ROOT, "%.3fus", ns / 1e3);
        }
        return ns + "ns";
    }

    /** Formats bytes with a binary unit: {@code 512.0MiB}, {@code 4.0KiB}, {@code 12B}. */
    public static String formatBytes(long bytes) {
        long abs = Math.abs(bytes);
        if (abs >= GIB) {
            return String.format(Locale.ROOT, "%.1fGiB", bytes / (double) GIB);
        }
        if (abs >= MIB) {
            return String.format(Locale.ROOT, "%.1fMiB", bytes / (double) MIB);
        }
        if (abs >= KIB) {
            return String.format(Locale.ROOT, "%.1fKiB", bytes / (double) KIB);
        }
        return bytes + "B";
    }

    private static String prefix(String what) {
        return what == null ? "" : what + ": ";
    }

    private static String shown(String text) {
        return SafeText.quote(text == null ? "" : text.strip(), 60);
    }

    private static String mantissa(String t) {
        int e = t.toLowerCase(Locale.ROOT).indexOf('e');
        return e < 0 ? t : t.substring(0, e);
    }

    private static String range(long min, long max) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return "a whole number that fits in 64 bits (at most 19 digits)";
        }
        if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) {
            return "a whole number from " + min + " to " + max;
        }
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE && min >= 0) {
            return "at least " + min;
        }
        if (min == Long.MIN_VALUE || min == Integer.MIN_VALUE) {
            return "at most " + max;
        }
        return min + ".." + max;
    }

    private static String range(double min, double max) {
        if (max == Double.MAX_VALUE) {
            return "at least " + fmt(min);
        }
        if (min == -Double.MAX_VALUE) {
            return "at most " + fmt(max);
        }
        return fmt(min) + ".." + fmt(max);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String trimmed(String text, String form) {
        if (text == null || text.isBlank()) {
            throw new KosException("missing value: expected " + form);
        }
        String t = text.strip();
        if (t.length() > MAX_TEXT) {
            throw new KosException("invalid value '" + shown(text) + "': too long for " + form);
        }
        if (SafeText.firstControl(t) >= 0) {
            throw new KosException(
                    "invalid value '" + shown(text) + "': it holds a control character; expected " + form);
        }
        return t;
    }

    private static int unitStart(String t) {
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if ((c >= '0' && c <= '9') || c == '.' || c == '_' || ((c == '-' || c == '+') && i == 0)) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static long scaled(String number, long scale, String original, String form) {
        String n = number.replace("_", "");
        if (n.isEmpty() || n.equals("+") || n.equals("-") || n.equals(".")) {
            throw bad(original, form);
        }
        if (n.startsWith("-")) {
            throw new KosException("'" + shown(original) + "' is negative: expected " + form);
        }
        if (!DECIMAL_PLAIN.matcher(n).matches()) {
            throw bad(original, form);
        }
        try {
            if (n.indexOf('.') < 0) {
                return Math.multiplyExact(Long.parseLong(n), scale);
            }
            double v = Double.parseDouble(n) * scale;
            if (!Double.isFinite(v) || v >= 0x1p63) {
                throw new KosException("'" + shown(original) + "' is too large");
            }
            return Math.round(v);
        } catch (NumberFormatException e) {
            throw bad(original, form);
        } catch (ArithmeticException e) {
            throw new KosException("'" + shown(original) + "' is too large");
        }
    }

    private static KosException bad(String value, String form) {
        return new KosException("invalid value '" + shown(value) + "': expected " + form);
    }
}
