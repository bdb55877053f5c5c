package kos.insights.threat;

import static kos.threat.TaskFeatures.NAMES;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules an operator would write from top, ps, /proc and perf (not fitted to anything): a task
 * tree over 64 tasks or failing forks (pids.max alerting), a task over 90% of a CPU as top shows it
 * (tick-charged) for a task older than 1 s, a task pinning over 32 of the 128 pageblocks, a task holding over 25% of memory,
 * a task missing the last-level cache at over 3 GiB/s. Score 1 when a rule fires, else 0.
 */
public final class ThresholdRules implements ThreatDetector {
    private static final int DESCENDANTS = NAMES.indexOf("descendants"),
            FORK_FAIL = NAMES.indexOf("fork_failures_per_s"),
            CHARGED = NAMES.indexOf("charged_share"),
            PINNED = NAMES.indexOf("pinned_pageblocks"),
            HELD = NAMES.indexOf("held_mib"),
            MISS = NAMES.indexOf("llc_miss_mib_per_s"),
            AGE = NAMES.indexOf("age_s");

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public double score(double[] x) {
        return fired(x).isEmpty() ? 0 : 1;
    }

    /** The rules that fire on {@code x}, by name. */
    public static List<String> fired(double[] x) {
        List<String> r = new ArrayList<>();
        if (x[DESCENDANTS] > 64 || x[FORK_FAIL] > 0) {
            r.add("fork-tree");
        }
        if (x[CHARGED] > 0.9 && x[AGE] >= 1) {
            r.add("cpu-hog");
        }
        if (x[PINNED] > 32) {
            r.add("pinned-pageblocks");
        }
        if (x[HELD] > 64) {
            r.add("memory-hog");
        }
        if (x[MISS] > 3072) {
            r.add("cache-miss-rate");
        }
        return r;
    }
}
