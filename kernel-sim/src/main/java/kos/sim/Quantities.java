package kos.sim;

import java.util.Locale;

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

    private static final String DURATION_FORM = "a duration such as 500ms or 10s (units: ns, us, ms, s, m, h)";
    private static final String SIZE_FORM = "a size such as 64KiB or 512MiB (units: B, KiB, MiB, GiB, TiB)";
    private static final String RATE_FORM = "a rate such as 8MiB/s (a size per s, ms or m)";

    private Quantities() {
    }

    /** Parses a duration into nanoseconds; accepts zero, rejects negative values. */
    public static long parseDuration(String text) {
        String t = trimmed(text, DURATION_FORM);
        int split = unitStart(t);
        String unit = t.substring(split).trim().toLowerCase(Locale.ROOT);
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
        return scaled(t.substring(0, split), scale, text, DURATION_FORM);
    }

    /** Parses a size into bytes; accepts zero, rejects negative values. */
    public static long parseSize(String text) {
        String t = trimmed(text, SIZE_FORM);
        int split = unitStart(t);
        String unit = t.substring(split).trim().toLowerCase(Locale.ROOT);
        long scale = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> KIB;
            case "m", "mb", "mib" -> MIB;
            case "g", "gb", "gib" -> GIB;
            case "t", "tb", "tib" -> TIB;
            default -> throw bad(text, SIZE_FORM);
        };
        return scaled(t.substring(0, split), scale, text, SIZE_FORM);
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
        String per = t.substring(slash + 1).trim().toLowerCase(Locale.ROOT);
        double seconds = switch (per) {
            case "s", "sec" -> 1.0;
            case "ms" -> 1e-3;
            case "m", "min" -> 60.0;
            case "h" -> 3600.0;
            default -> throw bad(text, RATE_FORM);
        };
        return bytes / seconds;
    }

    /** Parses a whole number (underscores allowed as separators). */
    public static long parseLong(String text) {
        String t = trimmed(text, "a whole number");
        try {
            return Long.parseLong(t.replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(text, "a whole number");
        }
    }

    /** Parses a finite decimal number. */
    public static double parseDouble(String text) {
        String t = trimmed(text, "a number");
        try {
            double v = Double.parseDouble(t.replace("_", ""));
            if (!Double.isFinite(v) || t.chars().anyMatch(Character::isLetter)) {
                throw bad(text, "a finite number");
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(text, "a number");
        }
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

    private static String trimmed(String text, String form) {
        if (text == null || text.isBlank()) {
            throw new KosException("missing value: expected " + form);
        }
        return text.trim();
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
            throw new KosException("'" + original.trim() + "' is negative: expected " + form);
        }
        try {
            if (n.indexOf('.') < 0) {
                return Math.multiplyExact(Long.parseLong(n), scale);
            }
            double v = Double.parseDouble(n) * scale;
            if (!Double.isFinite(v) || v >= 0x1p63) {
                throw new KosException("'" + original.trim() + "' is too large");
            }
            return Math.round(v);
        } catch (NumberFormatException e) {
            throw bad(original, form);
        } catch (ArithmeticException e) {
            throw new KosException("'" + original.trim() + "' is too large");
        }
    }

    private static KosException bad(String value, String form) {
        return new KosException("invalid value '" + (value == null ? "" : value.trim()) + "': expected " + form);
    }
}
