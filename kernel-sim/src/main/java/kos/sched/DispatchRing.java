package kos.sched;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@value #CAPACITY} dispatch decisions of a scheduler, for {@code schedctl trace}: parallel
 * primitive arrays used as a ring, so recording a decision allocates nothing (the task's name is
 * the reference its spec already holds). {@link #last} materialises records on demand.
 */
final class DispatchRing {
    /** Decisions kept. */
    static final int CAPACITY = 4096;

    private final long[] timeNs = new long[CAPACITY], pid = new long[CAPACITY], prevPid = new long[CAPACITY];
    private final int[] cpu = new int[CAPACITY];
    private final String[] task = new String[CAPACITY];
    private final byte[] reason = new byte[CAPACITY];
    private long count;

    /** Records one decision: at {@code now} CPU {@code c} runs {@code pid} (named {@code name}) after {@code prev} (0 if none). */
    void record(long now, int c, long runPid, String name, long prev, DispatchReason why) {
        int slot = (int) (count++ % CAPACITY);
        timeNs[slot] = now;
        cpu[slot] = c;
        pid[slot] = runPid;
        task[slot] = name;
        prevPid[slot] = prev;
        reason[slot] = (byte) why.ordinal();
    }

    /** Decisions recorded so far, including those no longer kept. */
    long count() {
        return count;
    }

    /** The last {@code n} decisions (at most {@value #CAPACITY}), oldest first. */
    List<Scheduler.DispatchRecord> last(int n) {
        int keep = (int) Math.min(Math.min(n, count), CAPACITY);
        List<Scheduler.DispatchRecord> out = new ArrayList<>(keep);
        DispatchReason[] reasons = DispatchReason.values();
        for (long seq = count - keep; seq < count; seq++) {
            int s = (int) (seq % CAPACITY);
            out.add(new Scheduler.DispatchRecord(timeNs[s], cpu[s], pid[s], task[s], prevPid[s], reasons[reason[s]].label()));
        }
        return out;
    }
}
