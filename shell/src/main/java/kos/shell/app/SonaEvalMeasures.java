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
        double[] ratio = windowRatios(plan, runs.get(a), runs.get(ref));
        Double adapt = null;
        for (int w = 0; w < ratio.length; w++) {
            boolean rest = true;
            for (int v = w; v < ratio.length; v++) {
                rest &= !(ratio[v] > 1.05);
            }
            if (rest) {
                adapt = (w + 1) * plan.windowNs() / 1e9;
                break;
            }
        }
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
                adapt,
                ratio,
                100 * (m.turn()[1] / means.get(ref).turn()[1] - 1),
                steps,
                boundaries,
                times,
                loopB,
                dreams);
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
