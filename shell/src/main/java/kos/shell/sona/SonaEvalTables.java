package kos.shell.sona;

import java.util.Locale;
import kos.shell.TextTable;
import kos.shell.app.SonaEval;
import kos.shell.app.SonaGoals;

/** The text of a {@code sona eval} report: one table per phase and the goals. */
final class SonaEvalTables {
    private SonaEvalTables() {}

    static String render(SonaEval.Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "phases %s -> %s -> %s, %.0f s each, load %.2f, %d CPU(s), seeds %s%n",
                r.mixA(),
                r.mixB(),
                r.mixA(),
                r.phaseS(),
                r.load(),
                r.cpus(),
                r.seeds()));
        kos.sona.SonaConfig c = r.sona();
        sb.append(String.format(
                Locale.ROOT,
                "SONA: rank %d, micro-lr %s every %d, micro-decay %s, base-lr %s, loop B %s s, clip %s, lambda %s%n",
                c.microRank(),
                c.microLr(),
                c.applyEvery(),
                c.microDecay(),
                c.baseLr(),
                c.loopBPeriodNs() / 1e9,
                c.gradClip(),
                c.lambda()));
        if (!r.sched().isEmpty()) {
            sb.append("attention scheduler options: ").append(r.sched()).append('\n');
        }
        sb.append(String.format(
                Locale.ROOT,
                "offline-B adapter: %d phase-B decisions of seeds %d-%d (frozen model), held-out "
                        + "accuracy (within 25%%) %.1f%% -> %.1f%%%n",
                r.offlineExamples(),
                r.offlineSeed(),
                r.offlineSeed() + 1,
                100 * r.offlineTrainAccuracyBefore(),
                100 * r.offlineTrainAccuracyAfter()));
        TextTable t = new TextTable(
                "arm",
                "turn A1 ms",
                "turn B ms",
                "turn A2 ms",
                "err A1",
                "err B",
                "err A2",
                "B vs offline %",
                "forgetting pp",
                "early forg. pp",
                "err forgetting",
                "adapt s",
                "err adapt s",
                "boundaries");
        for (SonaEval.ArmReport a : r.arms()) {
            t.row(
                    a.arm(),
                    ms(a.meanTurnaroundMs()[0]),
                    ms(a.meanTurnaroundMs()[1]),
                    ms(a.meanTurnaroundMs()[2]),
                    e(a.predictionError()[0]),
                    e(a.predictionError()[1]),
                    e(a.predictionError()[2]),
                    pct(a.bVsOfflinePct()),
                    pct(a.forgettingPct()),
                    pct(a.earlyForgettingPct()),
                    String.format(Locale.ROOT, "%+.3f", a.errorForgetting()),
                    a.adaptationS() == null ? "never" : String.format(Locale.ROOT, "%.0f", a.adaptationS()),
                    a.errorAdaptationS() == null ? "never" : String.format(Locale.ROOT, "%.0f", a.errorAdaptationS()),
                    a.arm().startsWith("sona") ? Long.toString(a.boundaries()) : "-");
        }
        sb.append(t);
        for (SonaEval.ArmReport a : r.arms()) {
            if (!a.arm().equals("frozen")) {
                sb.append(a.arm())
                        .append(" err forgetting per seed: ")
                        .append(a.errorForgettingPerSeed())
                        .append('\n');
            }
        }
        for (SonaEval.ArmReport a : r.arms()) {
            if (a.arm().startsWith("sona")) {
                sb.append(a.arm())
                        .append(" task boundaries at (s, per seed): ")
                        .append(a.boundaryTimesS())
                        .append('\n');
            }
        }
        SonaGoals.Goal g1 = SonaGoals.adaptation("1", "", r);
        sb.append("goal 1 (full SONA within 5% of offline-B by 30 s into B): ")
                .append(g1.verdict())
                .append("; ")
                .append(g1.result())
                .append('\n');
        SonaGoals.Goal g2 = SonaGoals.forgetting(r);
        sb.append("goal 2 (forgets >= 50% less than online SGD): ")
                .append(g2.verdict())
                .append("; ")
                .append(g2.result())
                .append('\n');
        SonaGoals.Goal g3 = SonaGoals.errorForgetting(r);
        sb.append("goal 2 in prediction error: ")
                .append(g3.verdict())
                .append("; ")
                .append(g3.result())
                .append('\n');
        return sb.toString();
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String e(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%+.2f", v);
    }
}
