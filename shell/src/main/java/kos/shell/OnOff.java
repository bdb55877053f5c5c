package kos.shell;

import java.util.Locale;
import kos.sim.KosException;

/** The one parser for switches typed as {@code on} or {@code off}. */
public final class OnOff {
    private OnOff() {}

    /**
     * @param value the word the user typed (case-insensitive)
     * @param what  what is being switched, for the error message
     * @return true for {@code on}, false for {@code off}
     * @throws KosException naming {@code what} for any other word
     */
    public static boolean parse(String value, String what) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new KosException(what + ": expected on or off, got '" + value + "'");
        };
    }

    public static String word(boolean on) {
        return on ? "on" : "off";
    }
}
