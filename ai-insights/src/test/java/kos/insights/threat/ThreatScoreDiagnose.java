package kos.insights.threat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import kos.insights.ml.Mlp;

/**
 * Session-9 diagnosis (run by hand, not a test), on validation seeds: per scenario and seed, the attack's
 * harm undefended ({@code harm}), or (default) the MLP trained now on the training rows: when it first
 * flags the attack, the attack's highest score in its first second, and the highest score of every benign
 * task name over the run (the margin below the threshold).
 */
public final class ThreatScoreDiagnose {
    private ThreatScoreDiagnose() {}

    public static void main(String[] args) throws java.io.IOException {
        if (args[0].equals("fit")) { // what 'threatctl fit --out FILE' writes, without building the shell jar
            java.nio.file.Files.write(
                    java.nio.file.Path.of(args[1]), ShippedThreatModel.toBytes(ShippedThreatModel.train(() -> false)));
            return;
        }
        List<String> scenarios = List.of(args[1].split(","));
        long from = Long.parseLong(args[2]), to = Long.parseLong(args[3]);
        if (args[0].equals("harm")) {
            for (String sc : scenarios) {
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-17s", sc));
                for (long seed = from; seed <= to; seed++) {
                    double ref =
                            ThreatRunner.run(sc, seed, false, null, null, null).turnaroundMs();
                    ThreatRunner.Outcome o = ThreatRunner.run(sc, seed, true, null, null, null);
                    b.append(String.format(Locale.ROOT, " %.2fx/%d", o.turnaroundMs() / ref, o.hostileSeen()));
                }
                System.out.println(b);
            }
            return;
        }
        if (args[0].equals("observe")) { // the MLP with the default kill, observing every 100 and every N ms
            // args[5] "train": the MLP trained now on rows observed every N ms (else the shipped one, 100 ms rows)
            long t0 = System.nanoTime();
            MlpDetector d = new MlpDetector(
                    args.length > 5
                            ? ThreatEval.trainMlp(
                                    new ThreatModel()
                                            .collect(
                                                    kos.threat.ThreatScenarios.TRAINING,
                                                    ThreatModel.TRAIN_SEEDS,
                                                    () -> false,
                                                    Long.parseLong(args[4]) * 1_000_000L),
                                    () -> false)
                            : ShippedThreatModel.load().orElseThrow());
            System.out.printf(Locale.ROOT, "model ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            for (String sc : scenarios) {
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-17s", sc));
                for (long seed = from; seed <= to; seed++) {
                    double ref =
                            ThreatRunner.run(sc, seed, false, null, null, null).turnaroundMs();
                    for (long obs : new long[] {100, Long.parseLong(args[4])}) {
                        ThreatRunner.Outcome o = ThreatRunner.run(
                                sc,
                                seed,
                                true,
                                d,
                                new ThreatResponder(ThreatResponder.Action.KILL, java.util.Set.of()),
                                null,
                                obs * 1_000_000L);
                        b.append(String.format(
                                Locale.ROOT,
                                " %s/%.3fx/fp%d/k%d",
                                o.attackNs() < 0
                                        ? "-"
                                        : o.detected() ? o.timeToDetectionNs() / 1_000_000 + "ms" : "MISS",
                                o.turnaroundMs() / ref,
                                o.benignFlagged(),
                                o.benignKilled()));
                    }
                    b.append(" |");
                }
                System.out.println(b);
            }
            return;
        }
        if (args[0].equals("rows")) {
            rows(args[1], from, to, args[4]);
            return;
        }
        long t0 = System.nanoTime();
        Mlp mlp = ThreatEval.trainMlp(new ThreatService().training(() -> false), () -> false);
        System.out.printf(Locale.ROOT, "trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        MlpDetector d = new MlpDetector(mlp);
        Map<String, Double> benignMax = new TreeMap<>();
        for (String sc : scenarios) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-17s", sc));
            for (long seed = from; seed <= to; seed++) {
                long[] first = {-1};
                double[] hmax = {0};
                Map<String, Double> bm = new TreeMap<>();
                var run = kos.threat.ThreatScenarios.build(sc, seed, true);
                kos.threat.TaskFeatures f = new kos.threat.TaskFeatures();
                run.machine().observe(ThreatRunner.OBSERVE_NS, mm -> {
                    var rows = f.observe(mm);
                    double[] s = d.scoreRows(rows);
                    for (int i = 0; i < s.length; i++) {
                        var t = rows.get(i).task();
                        if (t.hostile()) {
                            if (mm.now() <= run.attackNs() + ThreatEval.GOAL_NS) {
                                hmax[0] = Math.max(hmax[0], s[i]);
                            }
                            if (s[i] >= 0.5 && first[0] < 0) {
                                first[0] = mm.now() - run.attackNs();
                            }
                        } else {
                            bm.merge(t.name(), s[i], Math::max);
                        }
                    }
                });
                run.machine().runUntil(kos.threat.ThreatScenarios.RUN_NS);
                b.append(
                        run.attackNs() < 0
                                ? " -"
                                : String.format(
                                        Locale.ROOT,
                                        " %s(%.2f)",
                                        first[0] < 0 ? "MISS" : Long.toString(first[0] / 1_000_000),
                                        hmax[0]));
                bm.forEach((k, v) -> benignMax.merge(k, v, Math::max));
                bm.entrySet().stream()
                        .filter(e -> e.getValue() >= 0.3)
                        .forEach(e -> b.append(String.format(Locale.ROOT, "[%s %.2f]", e.getKey(), e.getValue())));
            }
            System.out.println(b);
        }
        StringBuilder b = new StringBuilder("benign max:");
        benignMax.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.3f", k, v)));
        System.out.println(b);
    }

    /**
     * The rows of tasks named {@code names} (comma-separated; "*" with a score >= 0.5 only) in the attack's
     * first second, or any benign row scoring >= 0.5: time, name, score, then every feature.
     */
    static void rows(String sc, long from, long to, String names) {
        Mlp mlp = ThreatEval.trainMlp(new ThreatService().training(() -> false), () -> false);
        MlpDetector d = new MlpDetector(mlp);
        List<String> wanted = List.of(names.split(","));
        System.out.println("t_ms name score " + String.join(" ", kos.threat.TaskFeatures.NAMES));
        for (long sd = from; sd <= to; sd++) {
            long seed = sd;
            var run = kos.threat.ThreatScenarios.build(sc, seed, true);
            kos.threat.TaskFeatures f = new kos.threat.TaskFeatures();
            run.machine().observe(ThreatRunner.OBSERVE_NS, mm -> {
                var rows = f.observe(mm);
                double[] s = d.scoreRows(rows);
                boolean inWindow = run.attackNs() >= 0
                        && mm.now() >= run.attackNs()
                        && mm.now() <= run.attackNs() + ThreatEval.GOAL_NS;
                for (int i = 0; i < s.length; i++) {
                    var t = rows.get(i).task();
                    boolean show = (inWindow && wanted.contains(t.name())) || (!t.hostile() && s[i] >= 0.5);
                    if (show) {
                        StringBuilder b = new StringBuilder(String.format(
                                Locale.ROOT,
                                "%d %d %s%s %.3f",
                                seed,
                                mm.now() / 1_000_000,
                                t.name(),
                                t.hostile() ? "*" : "",
                                s[i]));
                        for (double v : rows.get(i).x()) {
                            b.append(String.format(Locale.ROOT, " %.3g", v));
                        }
                        System.out.println(b);
                    }
                }
            });
            run.machine().runUntil(kos.threat.ThreatScenarios.RUN_NS);
        }
    }
}
