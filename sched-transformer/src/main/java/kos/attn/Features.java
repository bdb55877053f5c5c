package kos.attn;

import java.util.List;
import kos.sched.SchedTask;
import kos.sched.TaskClass;

/**
 * The per-task feature vector the attention model reads: only what a kernel observes about a
 * task's past, never its remaining work. {@link #COUNT} floats, each roughly in [0, 1]:
 *
 * <ol start="0">
 * <li>{@code priority}: {@code (20 - nice) / 39}, 1 for nice -20;</li>
 * <li>{@code cpu_ratio}: CPU time / age;</li>
 * <li>{@code io_ratio}: the share of its age spent neither running nor runnable (blocked on I/O);</li>
 * <li>{@code cache}: {@code 1 / (1 + since_last_run / 1 ms)}, 0 if it never ran (how warm its cache may still be);</li>
 * <li>{@code last_burst}, 5. {@code avg_burst}, 6. {@code current_burst} (CPU used in the burst in progress),
 * 7. {@code since_last_run}, 8. {@code waiting} (since it last became runnable), 9. {@code age}: all
 * {@link #logTime log-scaled};</li>
 * <li value="10">{@code bursts}: {@code ln(1 + completed bursts) / 5};</li>
 * <li>{@code fresh}: 1 before its first completed burst;</li>
 * <li>12..15. the task class, one-hot (interactive, batch, io-bound, realtime): declared, as a
 * process's scheduling class is.</li>
 * </ol>
 * Deterministic: only {@link StrictMath}.
 */
public final class Features {
    public static final int COUNT = 16;
    /** Feature names in index order, for {@code explain}. */
    public static final List<String> NAMES = List.of(
            "priority",
            "cpu_ratio",
            "io_ratio",
            "cache",
            "last_burst",
            "avg_burst",
            "current_burst",
            "since_last_run",
            "waiting",
            "age",
            "bursts",
            "fresh",
            "class_interactive",
            "class_batch",
            "class_io",
            "class_realtime");

    /** The time unit of the log scales: 100 us. */
    static final double UNIT_NS = 100_000.0;

    private Features() {}

    /** {@code ln(1 + ns / 100us) / 10}: 0 for 0, 0.30 for 2 ms, 0.69 for 100 ms, 1.07 for 4 s. */
    public static float logTime(long ns) {
        return (float) (StrictMath.log1p(Math.max(0, ns) / UNIT_NS) / 10.0);
    }

    /** The regression target and the model's output scale: {@code ln(1 + ns / 100us)}. */
    public static float target(long ns) {
        return (float) StrictMath.log1p(Math.max(0, ns) / UNIT_NS);
    }

    /** The inverse of {@link #target}, in ns (at least 0, at most about 10^15). */
    public static long fromTarget(float y) {
        double v = StrictMath.expm1(Math.min(Math.max(y, 0f), 25f)) * UNIT_NS;
        return (long) v;
    }

    /** Writes {@code t}'s features at {@code now} into {@code out[off .. off+COUNT)}. */
    public static void extract(SchedTask t, long now, float[] out, int off) {
        extract(t, now, out, off, null);
    }

    /**
     * Per-task memo of the features that only change when the task's history does (burst
     * statistics), so a decision computes 3 logarithms per task instead of 7. Keyed by task index.
     */
    public static final class Memo {
        private long[] bursts = new long[0], current = new long[0];
        private float[] lastAvgCount = new float[0], cur = new float[0];

        private void grow(int i) {
            if (i >= bursts.length) {
                int n = Math.max(i + 1, bursts.length * 2);
                int old = bursts.length;
                bursts = java.util.Arrays.copyOf(bursts, n);
                current = java.util.Arrays.copyOf(current, n);
                java.util.Arrays.fill(bursts, old, n, -1);
                java.util.Arrays.fill(current, old, n, -1);
                lastAvgCount = java.util.Arrays.copyOf(lastAvgCount, n * 3);
                cur = java.util.Arrays.copyOf(cur, n);
            }
        }
    }

    /** As {@link #extract(SchedTask, long, float[], int)}, reusing {@code memo} (may be null); the same bits either way. */
    public static void extract(SchedTask t, long now, float[] out, int off, Memo memo) {
        long age = Math.max(1, now - t.arrivalNs());
        long cpu = t.cpuTimeNs();
        long waitingNow = Math.max(0, now - t.runnableSinceNs());
        long since = t.lastRunEndNs() < 0 ? 0 : Math.max(0, now - t.lastRunEndNs());
        double blocked = 1.0 - (double) (cpu + t.totalWaitNs() + waitingNow) / age;
        out[off] = (20 - t.nice()) / 39f;
        out[off + 1] = (float) Math.min(1.0, (double) cpu / age);
        out[off + 2] = (float) Math.max(0.0, Math.min(1.0, blocked));
        out[off + 3] = t.lastRunEndNs() < 0 ? 0f : (float) (1.0 / (1.0 + since / 1e6));
        if (memo == null) {
            out[off + 4] = logTime(t.lastBurstNs());
            out[off + 5] = logTime(t.avgBurstNs());
            out[off + 6] = logTime(t.currentBurstNs());
            out[off + 10] = (float) (StrictMath.log1p(t.bursts()) / 5.0);
        } else {
            int i = t.index();
            memo.grow(i);
            if (memo.bursts[i] != t.bursts()) {
                memo.bursts[i] = t.bursts();
                memo.lastAvgCount[i * 3] = logTime(t.lastBurstNs());
                memo.lastAvgCount[i * 3 + 1] = logTime(t.avgBurstNs());
                memo.lastAvgCount[i * 3 + 2] = (float) (StrictMath.log1p(t.bursts()) / 5.0);
            }
            if (memo.current[i] != t.currentBurstNs()) {
                memo.current[i] = t.currentBurstNs();
                memo.cur[i] = logTime(t.currentBurstNs());
            }
            out[off + 4] = memo.lastAvgCount[i * 3];
            out[off + 5] = memo.lastAvgCount[i * 3 + 1];
            out[off + 6] = memo.cur[i];
            out[off + 10] = memo.lastAvgCount[i * 3 + 2];
        }
        out[off + 7] = logTime(since);
        out[off + 8] = logTime(waitingNow);
        out[off + 9] = logTime(age);
        out[off + 11] = t.bursts() == 0 ? 1f : 0f;
        TaskClass c = t.taskClass();
        for (int i = 0; i < 4; i++) {
            out[off + 12 + i] = 0f;
        }
        out[off + 12 + Math.min(3, c.ordinal())] = 1f;
    }
}
