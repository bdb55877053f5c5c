package kos.sim.io;

import com.fasterxml.jackson.core.JacksonException;
import kos.sim.SafeText;

/**
 * Jackson's parse errors said for a user: the first sentence of the message, without the
 * developer hints ("enable JsonReadFeature...") and source excerpts, escaped and capped; NaN and
 * Infinity, which JSON does not allow, get their own plain explanation.
 */
public final class JsonErrors {
    private JsonErrors() {
    }

    public static String describe(JacksonException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("Non-standard token") || m.contains("NaN") || m.contains("Infinity")) {
            return "NaN and Infinity are not numbers in JSON (values must be finite)";
        }
        int cut = m.indexOf(": enable ");
        if (cut < 0) {
            cut = m.indexOf("; enable ");
        }
        if (cut >= 0) {
            m = m.substring(0, cut);
        }
        cut = m.indexOf("\n");
        if (cut >= 0) {
            m = m.substring(0, cut);
        }
        return SafeText.quote(m.replaceAll("\\(for input String.*$", "").trim(), 160);
    }
}
