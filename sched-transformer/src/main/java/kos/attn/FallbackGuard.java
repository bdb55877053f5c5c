package kos.attn;

import kos.sched.EnqueueReason;
import kos.sched.PolicyFactory;
import kos.sched.PolicyRegistry;
import kos.sched.SchedContext;
import kos.sched.SchedulingPolicy;
import kos.sim.Trace;
import kos.sim.TraceKind;
import kos.sim.WorkloadParams;

import java.util.Map;

/**
 * The attention scheduler's safety net: watches the model's prediction error and, when it goes
 * bad, hands the fair class to an embedded CFS run queue until it recovers.
 *
 * <p>The error of each prediction made when a burst started, {@code |p - y|} in natural-log
 * units, is averaged (EWMA, weight 1/32). After {@value #MIN_ERROR_SAMPLES} samples an average
 * above {@code errorBound} engages the fallback; it disengages when the average drops below
 * {@code 0.8 x errorBound}. In live mode only, a mean wall-clock decision latency above the budget
 * also engages it (never in simulation runs, where wall-clock time must not influence a
 * decision). Transitions are counted and, once a trace is given, recorded as {@code attn.fallback}.
 */
final class FallbackGuard {
    static final TraceKind FALLBACK = TraceKind.of("attn.fallback", "on", "errorMilli", "decisions");
    private static final PolicyFactory CFS = PolicyRegistry.withBuiltins().get("cfs");
    static final int MIN_ERROR_SAMPLES = 50;
    private static final double ERROR_ALPHA = 1.0 / 32;

    private final SchedContext ctx;
    private final double errorBound;
    private final boolean live;
    private final long latencyBudgetNs;
    private SchedulingPolicy cfs;
    private int epoch;
    private double errorEwma = Double.NaN, latencyEwmaNs;
    private long errorSamples, entries, exits;

    FallbackGuard(SchedContext ctx, double errorBound, boolean live, long latencyBudgetNs) {
        this.ctx = ctx;
        this.errorBound = errorBound;
        this.live = live;
        this.latencyBudgetNs = latencyBudgetNs;
    }

    /** The embedded CFS while the fallback is engaged, else null. */
    SchedulingPolicy cfs() {
        return cfs;
    }

    boolean engaged() {
        return cfs != null;
    }

    /** Changes at every transition: a task CFS picked in an earlier epoch is no longer its business. */
    int epoch() {
        return epoch;
    }

    double error() {
        return errorEwma;
    }

    long errorSamples() {
        return errorSamples;
    }

    long entries() {
        return entries;
    }

    long exits() {
        return exits;
    }

    /**
     * One prediction's absolute error; may engage or disengage the fallback, moving the
     * {@code n} queued fair tasks {@code queue[0..n)} into or out of the embedded CFS.
     */
    void observeError(double e, int[] queue, int n, long decisions, Trace trace) {
        errorSamples++;
        errorEwma = Double.isNaN(errorEwma) ? e : errorEwma + (e - errorEwma) * ERROR_ALPHA;
        if (cfs == null && errorSamples >= MIN_ERROR_SAMPLES && errorEwma > errorBound) {
            engage(queue, n, decisions, trace);
        } else if (cfs != null && errorEwma < 0.8 * errorBound && !(live && latencyEwmaNs > latencyBudgetNs)) {
            disengage(queue, n, decisions, trace);
        }
    }

    /** Live mode only: one decision's wall-clock latency. */
    void observeLatency(long ns, int[] queue, int n, long decisions, Trace trace) {
        latencyEwmaNs = latencyEwmaNs == 0 ? ns : latencyEwmaNs + (ns - latencyEwmaNs) / 32;
        if (cfs == null && latencyEwmaNs > latencyBudgetNs) {
            engage(queue, n, decisions, trace);
        }
    }

    void engage(int[] queue, int n, long decisions, Trace trace) {
        cfs = CFS.create(ctx, new WorkloadParams(Map.of()));
        epoch++;
        for (int p = 0; p < n; p++) {
            cfs.enqueue(ctx.task(queue[p]), EnqueueReason.POLICY_CHANGE);
        }
        entries++;
        if (trace != null) {
            trace.record(FALLBACK, ctx.now(), 1, Math.round(errorEwma * 1000), decisions);
        }
    }

    void disengage(int[] queue, int n, long decisions, Trace trace) {
        for (int p = 0; p < n; p++) {
            cfs.dequeue(ctx.task(queue[p]), EnqueueReason.POLICY_CHANGE);
        }
        cfs = null;
        epoch++;
        exits++;
        if (trace != null) {
            trace.record(FALLBACK, ctx.now(), 0, Math.round(errorEwma * 1000), decisions);
        }
    }

    /** Forgets the error average and counters (disengage first). */
    void reset() {
        errorEwma = Double.NaN;
        errorSamples = 0;
        latencyEwmaNs = 0;
        entries = exits = 0;
    }
}
