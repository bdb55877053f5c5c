package kos.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The trace of a run: every significant event is fed into a running 64-bit digest, and the last
 * {@link #capacity()} are kept for reading back ({@code schedctl trace}, {@code sim trace}).
 *
 * <p>Recording takes primitive fields and allocates nothing; {@link #last(int)} materialises
 * {@link TraceRecord}s on demand. The digest folds, per record, the kind's id, the virtual time
 * and the three fields through a 64-bit mix, in record order. Two runs have the same digest when
 * (with overwhelming probability only when) they recorded the same events in the same order.
 */
public final class Trace {
    /** Digest of an empty trace. */
    public static final long EMPTY_DIGEST = 0x6b6f732d74726163L; // "kos-trac"

    private final int capacity;
    private final TraceKind[] kinds;
    private final long[] times, as, bs, cs;
    private long count;
    /** {@code count % capacity}, kept as a wrapping counter (no division per record). */
    private int next;

    private long digest = EMPTY_DIGEST;

    public Trace(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        kinds = new TraceKind[capacity];
        times = new long[capacity];
        as = new long[capacity];
        bs = new long[capacity];
        cs = new long[capacity];
    }

    public void record(TraceKind kind, long timeNs, long a, long b, long c) {
        long h = digest;
        h = step(h, kind.id());
        h = step(h, timeNs);
        h = step(h, a);
        h = step(h, b);
        h = step(h, c);
        digest = h;
        int slot = next;
        next = slot + 1 == capacity ? 0 : slot + 1;
        kinds[slot] = kind;
        times[slot] = timeNs;
        as[slot] = a;
        bs[slot] = b;
        cs[slot] = c;
        count++;
    }

    public long digest() {
        return digest;
    }

    /** Records made so far, including those no longer kept. */
    public long count() {
        return count;
    }

    public int capacity() {
        return capacity;
    }

    /** The last {@code n} records (fewer if fewer are kept), oldest first. */
    public List<TraceRecord> last(int n) {
        int keep = (int) Math.min(Math.min(n, count), capacity);
        List<TraceRecord> out = new ArrayList<>(keep);
        for (long seq = count - keep; seq < count; seq++) {
            int slot = (int) (seq % capacity);
            out.add(new TraceRecord(seq, times[slot], kinds[slot], as[slot], bs[slot], cs[slot]));
        }
        return out;
    }

    /** The digest in the form every run prints: 16 lower-case hex digits. */
    public static String hex(long digest) {
        return String.format("%016x", digest);
    }

    private static long step(long h, long v) {
        return Long.rotateLeft(h ^ RandomStreams.mix64(v + 0x9e3779b97f4a7c15L), 29) * 0x9fb21c651e98df25L;
    }
}
