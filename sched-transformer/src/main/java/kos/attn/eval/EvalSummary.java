package kos.attn.eval;

import java.util.List;

/**
 * The goals of issue 14 over the cells of one {@code schedctl eval} run, for one policy (the
 * attention scheduler). Gains are means over the cells of {@code 100 (cfs - x) / cfs} of the cell
 * means (the ratio of the means over seeds, not the paired column).
 *
 * @param cells             cells where the policy and CFS ran
 * @param gainVsCfsPct      the policy's mean gain over CFS
 * @param blindBoundPct     the size-blind bound's: per cell the best of every policy that reads no oracle, the
 *                          compared one included (Gittins with the mix's true sizes where they are known)
 * @param srptPct           SRPT's (knows sizes; NaN without SRPT rows)
 * @param provenCells       cells where the bound is proven: 1 CPU, CPU-only jobs, Gittins run (M/G/1)
 * @param withinBound3      cells where the policy is within 3% of the best other blind policy
 * @param withinLinux2      cells where it is within 2% of the better of CFS and EEVDF
 * @param wakeupCells       cells with interactive tasks; {@code wakeupAtOrBelowCfs} those where its interactive p99
 *                          wakeup latency is at or below CFS's
 * @param deadlineMisses    its realtime deadline misses over all cells and seeds
 */
public record EvalSummary(
        String policy,
        int cells,
        double gainVsCfsPct,
        double blindBoundPct,
        double srptPct,
        int provenCells,
        int withinBound3,
        int withinLinux2,
        int wakeupCells,
        int wakeupAtOrBelowCfs,
        long deadlineMisses) {

    public static EvalSummary of(List<EvalMatrix.Row> rows, List<EvalComparison> cmp, String policy) {
        int cells = 0, proven = 0, bound3 = 0, linux2 = 0, wake = 0, wakeOk = 0, srptN = 0;
        double gain = 0, bound = 0, srpt = 0;
        long misses = 0;
        for (EvalComparison c : cmp) {
            EvalMatrix.Row a = rows.stream()
                    .filter(r -> r.policy().equals(policy)
                            && r.mix().equals(c.mix())
                            && r.load() == c.load()
                            && r.cpus() == c.cpus())
                    .findFirst()
                    .orElseThrow();
            EvalMatrix.Row cfs = EvalMatrix.find(rows, a, "cfs");
            if (cfs == null) {
                continue;
            }
            cells++;
            double base = cfs.meanTurnaroundMs();
            gain += EvalComparison.gain(base, a.meanTurnaroundMs());
            EvalMatrix.Row blind = EvalMatrix.bestBlind(rows, a, policy);
            double best = Math.min(a.meanTurnaroundMs(), blind == null ? Double.MAX_VALUE : blind.meanTurnaroundMs());
            bound += EvalComparison.gain(base, best);
            EvalMatrix.Row s = EvalMatrix.find(rows, a, "srpt");
            if (s != null) {
                srpt += EvalComparison.gain(base, s.meanTurnaroundMs());
                srptN++;
            }
            proven += c.boundProven() ? 1 : 0;
            bound3 += !(c.vsBestBlindPct() < -3) ? 1 : 0;
            linux2 += !(c.vsBestLinuxPct() < -2) ? 1 : 0;
            if (!Double.isNaN(c.wakeP99VsCfsPct())) {
                wake++;
                wakeOk += c.wakeP99VsCfsPct() >= 0 ? 1 : 0;
            }
            misses += c.deadlineMisses();
        }
        return new EvalSummary(
                policy,
                cells,
                cells == 0 ? Double.NaN : gain / cells,
                cells == 0 ? Double.NaN : bound / cells,
                srptN == cells && cells > 0 ? srpt / srptN : Double.NaN,
                proven,
                bound3,
                linux2,
                wake,
                wakeOk,
                misses);
    }
}
