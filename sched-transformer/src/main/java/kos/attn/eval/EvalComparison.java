package kos.attn.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * One policy (the attention scheduler) against the baselines in one cell of the matrix. Positive
 * percentages mean the compared policy is better (lower); {@code worseThanSrptPct} is how much
 * worse than the oracle it is.
 *
 * @param vsCfsPct         paired mean over seeds of {@code 100 (cfs - policy) / cfs} (mean turnaround)
 * @param vsCfsCi95Pct     half width of its 95% confidence interval over the seeds
 * @param vsBestLinuxPct   against the better of CFS and EEVDF in this cell (the no-losing-cell goal: at least -2)
 * @param bestBlind        the size-blind policy (no oracle) with the lowest mean turnaround in the cell, other than this
 *                         one and missing no more deadlines: the cell's size-blind bound as measured (Gittins with the mix's true size distributions
 *                         runs wherever they are known)
 * @param vsBestBlindPct   against it (the distance from the bound; goal 1's escape clause asks for at least -3)
 * @param boundProven      whether the cell is an M/G/1 queue (1 CPU, CPU-only jobs, Poisson arrivals) with the Gittins
 *                         policy run on it: then the optimal size-blind policy is Gittins (a bound up to simulation noise
 *                         and switch costs); elsewhere (I/O waits, several CPUs) the best measured blind policy is an
 *                         achievable point, not a proof that no blind policy does better
 * @param wakeP99VsCfsPct  interactive p99 wakeup latency against CFS's (NaN without interactive tasks)
 * @param deadlineMisses   the policy's realtime deadline misses over all seeds; {@code cfsDeadlineMisses} CFS's
 */
public record EvalComparison(
        String mix,
        double load,
        int cpus,
        String policy,
        double vsCfsPct,
        double vsCfsCi95Pct,
        double vsBestLinuxPct,
        double worseThanSrptPct,
        String bestBlind,
        double vsBestBlindPct,
        boolean boundProven,
        double switchesVsCfsPct,
        double interactiveP99VsCfsPct,
        double wakeP99VsCfsPct,
        long deadlineMisses,
        long cfsDeadlineMisses) {

    /** The comparison of {@code policy} in every cell where it ran. */
    public static List<EvalComparison> of(List<EvalMatrix.Row> rows, String policy) {
        List<EvalComparison> out = new ArrayList<>();
        for (EvalMatrix.Row a : rows) {
            if (!a.policy().equals(policy)) {
                continue;
            }
            EvalMatrix.Row cfs = EvalMatrix.find(rows, a, "cfs"), srpt = EvalMatrix.find(rows, a, "srpt");
            EvalMatrix.Row linux = EvalMatrix.best(rows, a, List.of("cfs", "eevdf"));
            EvalMatrix.Row blind = EvalMatrix.bestBlind(rows, a, policy);
            out.add(new EvalComparison(
                    a.mix(),
                    a.load(),
                    a.cpus(),
                    policy,
                    a.vsCfsPct(),
                    a.vsCfsCi95Pct(),
                    linux == null ? Double.NaN : gain(linux.meanTurnaroundMs(), a.meanTurnaroundMs()),
                    srpt == null ? Double.NaN : -gain(srpt.meanTurnaroundMs(), a.meanTurnaroundMs()),
                    blind == null ? null : blind.policy(),
                    blind == null ? Double.NaN : gain(blind.meanTurnaroundMs(), a.meanTurnaroundMs()),
                    a.cpus() == 1 && EvalMatrix.find(rows, a, "gittins") != null && a.cpuOnly(),
                    cfs == null ? Double.NaN : gain(cfs.switches(), a.switches()),
                    cfs == null ? Double.NaN : gain(cfs.interactiveP99ResponseMs(), a.interactiveP99ResponseMs()),
                    cfs == null ? Double.NaN : gain(wake(cfs), wake(a)),
                    a.deadlineMisses(),
                    cfs == null ? -1 : cfs.deadlineMisses()));
        }
        return out;
    }

    private static double wake(EvalMatrix.Row r) {
        Double v = r.p99WakeupMsByClass().get("interactive");
        return v == null ? Double.NaN : v;
    }

    /** How much lower {@code x} is than {@code base}, in percent of base (NaN if either is missing). */
    static double gain(double base, double x) {
        return base == 0 || Double.isNaN(base) || Double.isNaN(x) ? Double.NaN : 100.0 * (base - x) / base;
    }
}
