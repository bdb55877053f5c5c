package kos.insights.threat;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import kos.insights.ml.Mlp;
import kos.threat.ThreatMachine;
import kos.threat.ThreatScenarios;
import kos.threat.ThreatTask;

/**
 * Session-8 diagnosis (run by hand, not a test): on validation seeds, what costs the victims when an
 * attack is found. Per run: the MLP's kill, an oracle killing the attack at the MLP's detection time,
 * and at the attack's start; the victims' failed allocations (huge pages) against the attack-free run.
 */
public final class ThreatDiagnose {
    private ThreatDiagnose() {}

    public static void main(String[] args) {
        if (args[0].equals("exposure")) {
            for (String sc : args[1].split(",")) {
                for (long seed = Long.parseLong(args[2]); seed <= Long.parseLong(args[3]); seed++) {
                    double ref =
                            ThreatRunner.run(sc, seed, false, null, null, null).turnaroundMs();
                    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-15s %3d", sc, seed));
                    for (long ms : new long[] {0, 1, 5, 10, 20, 50, 100, 200}) {
                        b.append(String.format(
                                Locale.ROOT, "  %dms %.3fx", ms, oracle(sc, seed, ms * 1_000_000L, 1_000_000L) / ref));
                    }
                    System.out.println(b);
                }
            }
            return;
        }
        if (args[0].equals("detect")) {
            var training = new ThreatService().training(() -> false);
            List<ThreatDetector> ds = List.of(
                    new MlpDetector(ThreatEval.trainMlp(training, () -> false)), XgbDetector.fitTasks(training));
            for (String sc : args[1].split(",")) {
                for (ThreatDetector det : ds) {
                    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-15s %-8s", sc, det.name()));
                    int flagged = 0, seen = 0;
                    for (long seed = Long.parseLong(args[2]); seed <= Long.parseLong(args[3]); seed++) {
                        ThreatRunner.Outcome o = ThreatRunner.run(
                                sc, seed, true, det, new ThreatResponder(ThreatResponder.Action.KILL, Set.of()), null);
                        b.append(
                                o.attackNs() < 0
                                        ? " -"
                                        : o.detected() ? " " + o.timeToDetectionNs() / 1_000_000 : " MISS");
                        flagged += o.benignFlagged();
                        seen += o.benignSeen();
                        if (o.benignFlagged() > 0) {
                            b.append("[fp ")
                                    .append(o.audit().stream()
                                            .filter(e -> !e.detail().startsWith("bomb"))
                                            .map(e -> e.detail()
                                                            .substring(
                                                                    0,
                                                                    e.detail().indexOf(']') + 1)
                                                    + e.reason())
                                            .toList())
                                    .append("]");
                        }
                    }
                    b.append(String.format(Locale.ROOT, "  benign flagged %d/%d", flagged, seen));
                    System.out.println(b);
                }
            }
            return;
        }
        if (args[0].equals("feat")) {
            features(List.of(args[1].split(",")), Long.parseLong(args[2]), Long.parseLong(args[3]), args[4].split(","));
            return;
        }
        List<String> scenarios = List.of(args[0].split(","));
        long from = Long.parseLong(args[1]), to = Long.parseLong(args[2]);
        Mlp mlp = ThreatEval.trainMlp(new ThreatService().training(() -> false), () -> false);
        ThreatDetector d = new MlpDetector(mlp);
        for (String sc : scenarios) {
            for (long seed = from; seed <= to; seed++) {
                ThreatRunner.Outcome ref = ThreatRunner.run(sc, seed, false, null, null, null);
                ThreatRunner.Outcome o = ThreatRunner.run(
                        sc, seed, true, d, new ThreatResponder(ThreatResponder.Action.KILL, Set.of()), null);
                long delay = o.detected() ? o.timeToDetectionNs() : -1;
                double oracle = oracle(sc, seed, Math.max(0, delay)), instant = oracle(sc, seed, 0);
                System.out.println(String.format(
                        Locale.ROOT,
                        "%-15s %3d ttd %5d ms  mlp %.3fx  oracle@ttd %.3fx  oracle@0 %.3fx  ref %.1f ms  acted %d %s",
                        sc,
                        seed,
                        delay / 1_000_000,
                        o.turnaroundMs() / ref.turnaroundMs(),
                        oracle / ref.turnaroundMs(),
                        instant / ref.turnaroundMs(),
                        ref.turnaroundMs(),
                        o.benignActedOn(),
                        o.audit().stream()
                                .filter(e -> e.action().equals("kill"))
                                .map(e -> e.timeNs() / 1_000_000 + "ms:" + e.detail())
                                .limit(3)
                                .toList()));
            }
        }
    }

    /** Per scenario and task name: the range (min..max over observations after 1 s of age) of the named features. */
    static void features(List<String> scenarios, long from, long to, String[] names) {
        for (String sc : scenarios) {
            java.util.Map<String, double[]> range = new java.util.TreeMap<>();
            for (long seed = from; seed <= to; seed++) {
                ThreatRunner.run(sc, seed, true, null, null, rows -> {
                    for (kos.threat.TaskFeatures.Row r : rows) {
                        String who = r.task().name() + (r.task().hostile() ? "*" : "");
                        double[] a = range.computeIfAbsent(who, k -> {
                            double[] z = new double[2 * names.length];
                            for (int i = 0; i < names.length; i++) {
                                z[2 * i] = Double.MAX_VALUE;
                                z[2 * i + 1] = -Double.MAX_VALUE;
                            }
                            return z;
                        });
                        if (r.timeNs() - r.task().bornNs() < 1_000_000_000L
                                && !r.task().hostile()) {
                            continue;
                        }
                        for (int i = 0; i < names.length; i++) {
                            double v = r.x()[kos.threat.TaskFeatures.NAMES.indexOf(names[i])];
                            a[2 * i] = Math.min(a[2 * i], v);
                            a[2 * i + 1] = Math.max(a[2 * i + 1], v);
                        }
                    }
                });
            }
            range.forEach((who, a) -> {
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-15s %-10s", sc, who));
                for (int i = 0; i < names.length; i++) {
                    b.append(String.format(Locale.ROOT, " %s %.3f..%.3f", names[i], a[2 * i], a[2 * i + 1]));
                }
                System.out.println(b);
            });
        }
    }

    /** The victims' mean turnaround when every hostile task is killed at the first observation after {@code delayNs}. */
    static double oracle(String sc, long seed, long delayNs) {
        return oracle(sc, seed, delayNs, ThreatRunner.OBSERVE_NS);
    }

    static double oracle(String sc, long seed, long delayNs, long everyNs) {
        ThreatScenarios.Run r = ThreatScenarios.build(sc, seed, true);
        ThreatMachine m = r.machine();
        m.observe(everyNs, mm -> {
            if (r.attackNs() >= 0 && mm.now() >= r.attackNs() + delayNs) {
                for (ThreatTask t : List.copyOf(mm.live())) {
                    if (t.hostile() && t.alive()) {
                        mm.killTree(t, "oracle");
                    }
                }
            }
        });
        m.runUntil(ThreatScenarios.RUN_NS);
        return ThreatRunner.turnaroundMs(m, r.attackNs() >= 0 ? r.attackNs() : ThreatRunner.BENIGN_FROM_NS);
    }
}
