package kos.sim.io;

import kos.sim.KosException;
import kos.sim.SafeText;

import java.util.regex.Pattern;

/**
 * Names of entries in a kos-managed directory (adapters, models): one path component of 1 to 128
 * letters, digits, '.', '_' and '-', not starting with '.', so a name can neither leave its
 * directory ({@code ../x}, {@code /etc}) nor collide with kos's hidden working entries.
 */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Pattern COMPONENT = Pattern.compile("[^/\\\\\\x00]{1,255}");

    private Names() {
    }

    /** Whether {@code name} is an acceptable entry name. */
    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Checks an entry name, throwing a KosException that says why {@code what} is refused. */
    public static String checkEntry(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new KosException("a" + (what.matches("[aeiou].*") ? "n " : " ") + what + " is required");
        }
        int c = SafeText.firstControl(name);
        if (c >= 0) {
            throw new KosException(what + " '" + SafeText.quote(name) + "' is refused: it holds a control character at "
                    + (c + 1) + " (use letters, digits, '.', '_' or '-')");
        }
        if (name.contains("/") || name.contains("\\") || name.contains("..")) {
            throw new KosException(what + " '" + SafeText.quote(name) + "' is refused: it would escape its directory"
                    + " (use a plain name such as my-" + what.split(" ")[0] + ")");
        }
        if (!NAME.matcher(name).matches()) {
            throw new KosException(what + " '" + SafeText.quote(name)
                    + "' is refused: use 1 to 128 letters, digits, '.', '_' or '-', not starting with '.'");
        }
        return name;
    }

    /** Checks that {@code name} is one path component (no separator, NUL, '.' or '..'). */
    static String check(String name, String what) {
        if (name == null || !COMPONENT.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new KosException(what + " '" + SafeText.quote(String.valueOf(name))
                    + "' is not a single path component");
        }
        return name;
    }
}
