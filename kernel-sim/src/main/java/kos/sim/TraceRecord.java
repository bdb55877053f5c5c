package kos.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One significant event of a run, as read back from the {@link Trace}.
 *
 * @param seq    position in the run's trace, from 0
 * @param timeNs virtual time of the event in nanoseconds
 * @param kind   its type, naming the fields
 * @param a      first field (meaning given by {@code kind.fields().get(0)})
 * @param b      second field
 * @param c      third field
 */
public record TraceRecord(long seq, long timeNs, TraceKind kind, long a, long b, long c) {
    /** The named fields, for display and JSON. */
    public Map<String, Long> fieldMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        long[] v = {a, b, c};
        for (int i = 0; i < kind.fields().size(); i++) {
            m.put(kind.fields().get(i), v[i]);
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb =
                new StringBuilder(Quantities.formatDuration(timeNs)).append(' ').append(kind.name());
        fieldMap().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
