package kos.shell.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The measures of {@code sona eval} from its runs: per arm the phase means, forgetting (the change on
 * returning to A, against the frozen arm) and the adaptation time to B (against the offline adapter).
 */
final class SonaEvalMeasures {
    private SonaEvalMeasures() {}

    /**
     * One arm's means over its seeds: turnaround and prediction error per phase, tasks per phase, and the
     * prediction error by thirds of each phase (forgetting compares the last third of A1 with the first of A2).
     */
    record PhaseMeans(double[] turn, double[] err, int[] counts, double[] thirds) {
        static PhaseMeans of(List<SonaEvalRun.Run> runs) {
            double[] turn = new double[3], err = new double[3], thirds = new double[9];
            int[] counts = new int[3];
            long[] en = new long[3], tn = new long[9];
            for (SonaEvalRun.Run r : runs) {
                for (SonaEvalRun.Outcome o : r.outcomes()) {
                    turn[o.phase()] += o.turnaroundMs();
                    counts[o.phase()]++;
                }
                for (int p = 0; p < 3; p++) {
                    err[p] += r.errSum()[p];
                    en[p] += r.errN()[p];
                }
                for (int b = 0; b < 9; b++) {
                    thirds[b] += r.thirdSum()[b];
                    tn[b] += r.thirdN()[b];
                }
            }
            for (int p = 0; p < 3; p++) {
                turn[p] = counts[p] == 0 ? Double.NaN : turn[p] / counts[p];
                err[p] = en[p] == 0 ? Double.NaN : err[p] / en[p];
            }
            for (int b = 0; b < 9; b++) {
                thirds[b] = tn[b] == 0 ? Double.NaN : thirds[b] / tn[b];
            }
            return new PhaseMeans(turn, err, counts, thirds);
        }
    }

    /** One arm's report: its phase means, forgetting against frozen and adaptation against the offline adapter. */
    static SonaEval.ArmReport armReport(
            SonaEval.Plan plan, SonaEval.Arm arm, List<List<SonaEvalRun.Run>> runs, List<PhaseMeans> means) {
        int a = arm.ordinal(), frozen = SonaEval.Arm.FROZEN.ordinal(), ref = SonaEval.Arm.OFFLINE_B.ordinal();
        PhaseMeans m = means.get(a), f = means.get(frozen);
        double forgetting = 100 * (m.turn()[2] / f.turn()[2] - m.turn()[0] / f.turn()[0]);
        double early = 100
                * (edge(plan, runs.get(a), 2) / edge(plan, runs.get(frozen), 2)
                        - edge(plan, runs.get(a), 0) / edge(plan, runs.get(frozen), 0));
        double errForgetting = (m.thirds()[6] - m.thirds()[2]) - (f.thirds()[6] - f.thirds()[2]);
        List<Double> perSeed = new ArrayList<>();
        for (int s = 0; s < runs.get(a).size(); s++) {
            SonaEvalRun.Run r = runs.get(a).get(s), fr = runs.get(frozen).get(s);
            perSeed.add(Math.round(1000 * ((third(r, 6) - third(r, 2)) - (third(fr, 6) - third(fr, 2)))) / 1000.0);
        }
        double[] ratio = windowRatios(plan, runs.get(a), runs.get(ref));
        Double adapt = adaptation(plan, ratio);
        double[] errRatio = errorWindowRatios(runs.get(a), runs.get(ref));
        Double errAdapt = adaptation(plan, errRatio);
        long steps = 0, boundaries = 0, loopB = 0, dreams = 0;
        List<List<Double>> times = new ArrayList<>();
        for (SonaEvalRun.Run r : runs.get(a)) {
            steps += r.steps();
            times.add(r.boundaryTimesS());
            if (r.status() != null) {
                boundaries += r.status().boundaries();
                loopB += r.status().loopBRuns();
                dreams += r.status().dreams();
            }
        }
        return new SonaEval.ArmReport(
                arm.label,
                m.turn(),
                m.err(),
                m.counts(),
                forgetting,
                early,
                errForgetting,
                perSeed,
                adapt,
                ratio,
                errAdapt,
                errRatio,
                100 * (m.turn()[1] / means.get(ref).turn()[1] - 1),
                steps,
                boundaries,
                times,
                loopB,
                dreams);
    }

    /**
     * The end of the first window of B from which on every window's ratio is at most 1.05 (within 5% of the
     * reference); null if none.
     */
    private static Double adaptation(SonaEval.Plan plan, double[] ratio) {
        for (int w = 0; w < ratio.length; w++) {
            boolean rest = true;
            for (int v = w; v < ratio.length; v++) {
                rest &= !(ratio[v] > 1.05);
            }
            if (rest) {
                return (w + 1) * plan.windowNs() / 1e9;
            }
        }
        return null;
    }

    /** Per window of phase B (by decision time), the arm's mean prediction error over the reference's, pooled. */
    private static double[] errorWindowRatios(List<SonaEvalRun.Run> arm, List<SonaEvalRun.Run> ref) {
        int windows = arm.get(0).bWindowErrSum().length;
        double[] ratio = new double[windows];
        for (int w = 0; w < windows; w++) {
            double as = 0, rs = 0;
            long an = 0, rn = 0;
            for (int s = 0; s < arm.size(); s++) {
                as += arm.get(s).bWindowErrSum()[w];
                an += arm.get(s).bWindowErrN()[w];
                rs += ref.get(s).bWindowErrSum()[w];
                rn += ref.get(s).bWindowErrN()[w];
            }
            ratio[w] = an == 0 || rn == 0 || rs == 0 ? Double.NaN : (as / an) / (rs / rn);
        }
        return ratio;
    }

    /** One run's mean prediction error in third {@code b} (phase * 3 + third). */
    private static double third(SonaEvalRun.Run r, int b) {
        return r.thirdN()[b] == 0 ? Double.NaN : r.thirdSum()[b] / r.thirdN()[b];
    }

    /** Per window of phase B (by arrival), the arm's mean turnaround over the reference's, tasks pooled over seeds. */
    private static double[] windowRatios(SonaEval.Plan plan, List<SonaEvalRun.Run> arm, List<SonaEvalRun.Run> ref) {
        int windows = (int) (plan.phaseNs() / plan.windowNs());
        double[] a = new double[windows], r = new double[windows];
        for (int s = 0; s < arm.size(); s++) {
            add(plan, arm.get(s), a);
            add(plan, ref.get(s), r);
        }
        double[] ratio = new double[windows];
        for (int w = 0; w < windows; w++) {
            ratio[w] = r[w] == 0 ? Double.NaN : a[w] / r[w];
        }
        return ratio;
    }

    /**
     * Mean turnaround (pooled over seeds) of the tasks that arrived in the last window of A1 ({@code phase} 0) or the
     * first window of A2 ({@code phase} 2).
     */
    private static double edge(SonaEval.Plan plan, List<SonaEvalRun.Run> runs, int phase) {
        long from = phase == 0 ? plan.phaseNs() - plan.windowNs() : 2 * plan.phaseNs();
        double sum = 0;
        long n = 0;
        for (SonaEvalRun.Run r : runs) {
            for (SonaEvalRun.Outcome o : r.outcomes()) {
                if (o.arrivalNs() >= from && o.arrivalNs() < from + plan.windowNs()) {
                    sum += o.turnaroundMs();
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static void add(SonaEval.Plan plan, SonaEvalRun.Run run, double[] sums) {
        for (SonaEvalRun.Outcome o : run.outcomes()) {
            if (o.phase() == 1) {
                int w = (int) ((o.arrivalNs() - plan.phaseNs()) / plan.windowNs());
                if (w >= 0 && w < sums.length) {
                    sums[w] += o.turnaroundMs();
                }
            }
        }
    }
}
