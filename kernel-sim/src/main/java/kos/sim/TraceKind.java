package kos.sim;

import java.util.List;
import java.util.Objects;

/**
 * The type of a trace record: a stable name and the names of its (up to three) numeric fields.
 * Its {@link #id()} is derived from the name, so digests do not depend on the order in which
 * subsystems declare their kinds.
 *
 * <p>A value class (equal when name and fields are equal) that computes its id once: {@link
 * Trace#record} folds the id into the digest for every record, and hashing the name there (a
 * UTF-8 copy and a multiply per byte) was a measurable share of a memory-heavy run.
 */
public final class TraceKind {
    private final String name;
    private final List<String> fields;
    private final long id;

    /**
     * @param name   dotted and lower case, for example {@code sched.dispatch}
     * @param fields the names of the record's fields a, b and c, in order (unused ones omitted)
     */
    public TraceKind(String name, List<String> fields) {
        if (fields.size() > 3) {
            throw new IllegalArgumentException("a trace record carries at most three fields");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.fields = List.copyOf(fields);
        this.id = RandomStreams.fnv1a64(name);
    }

    public static TraceKind of(String name, String... fields) {
        return new TraceKind(name, List.of(fields));
    }

    /** Dotted and lower case, for example {@code sched.dispatch}. */
    public String name() {
        return name;
    }

    /** The names of the record's fields a, b and c, in order (unused ones omitted). */
    public List<String> fields() {
        return fields;
    }

    /** Stable 64-bit identity of this kind, fed into the digest: {@code fnv1a64(name)}. */
    public long id() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceKind k && name.equals(k.name) && fields.equals(k.fields);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + fields.hashCode();
    }

    @Override
    public String toString() {
        return "TraceKind[name=" + name + ", fields=" + fields + "]";
    }
}
