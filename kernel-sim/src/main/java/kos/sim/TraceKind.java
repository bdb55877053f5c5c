package kos.sim;

import java.util.List;

/**
 * The type of a trace record: a stable name and the names of its (up to three) numeric fields.
 * Its {@link #id()} is derived from the name, so digests do not depend on the order in which
 * subsystems declare their kinds.
 *
 * @param name   dotted and lower case, for example {@code sched.dispatch}
 * @param fields the names of the record's fields a, b and c, in order (unused ones omitted)
 */
public record TraceKind(String name, List<String> fields) {
    public TraceKind {
        if (fields.size() > 3) {
            throw new IllegalArgumentException("a trace record carries at most three fields");
        }
        fields = List.copyOf(fields);
    }

    public static TraceKind of(String name, String... fields) {
        return new TraceKind(name, List.of(fields));
    }

    /** Stable 64-bit identity of this kind, fed into the digest. */
    public long id() {
        return RandomStreams.fnv1a64(name);
    }
}
