package kos.insights.threat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import kos.insights.ml.EvalReport;
import kos.insights.ml.Mlp;
import kos.insights.ml.Trainer;
import kos.ml.data.Dataset;
import kos.threat.ThreatScenarios;

/**
 * Scores detectors on held-out seeds and attack variants: each (scenario, seed) is run attack-free
 * (the reference turnaround), with no defence, and once per detector with the responder killing what
 * it flags (at a confident flag or the second consecutive one); kos's MLP also with session 7's
 * kill at the first flag ({@code mlp/kill-first}) and the graduated responder (observe, throttle,
 * kill), as the row {@code mlp/graduated}. Metrics per scenario and detector: detection (share of attack runs in which
 * a hostile task was flagged), within 1 s, mean time to detection, false positives per benign task,
 * the victims' turnaround against the attack-free run, benign tasks acted on (throttled or killed),
 * benign tasks killed.
 */
public final class ThreatEval {
    public static final List<String> COLUMNS = List.of(
            "detection", "within_1s", "ttd_ms", "fp_per_task", "turnaround_ratio", "benign_acted_on", "benign_killed");
    public static final long GOAL_NS = 1_000_000_000L;

    /** The groups the goals are checked for, in order: the training scenarios, then each session's variants. */
    public static final List<String> GROUPS = List.of(
            "training scenarios",
            "variants",
            "new variants",
            "session-7 variants",
            "session-8 variants",
            "session-9 variants");

    private ThreatEval() {}

    /** The goal group of {@code scenario}. */
    static String group(String scenario) {
        return ThreatScenarios.VARIANTS.contains(scenario)
                ? GROUPS.get(1)
                : ThreatScenarios.NEW_VARIANTS.contains(scenario)
                        ? GROUPS.get(2)
                        : ThreatScenarios.UNSEEN_VARIANTS.contains(scenario)
                                ? GROUPS.get(3)
                                : ThreatScenarios.S8_VARIANTS.contains(scenario)
                                        ? GROUPS.get(4)
                                        : ThreatScenarios.S9_VARIANTS.contains(scenario)
                                                ? GROUPS.get(5)
                                                : GROUPS.get(0);
    }

    /** The detectors compared: the operator rules, XGBoost on the training rows, kos's MLP. */
    public static List<ThreatDetector> detectors(Mlp mlp, Dataset training) {
        return List.of(new ThresholdRules(), XgbDetector.fitTasks(training), new MlpDetector(mlp));
    }

    /** Trains kos's MLP on {@code training} with the model's defaults (deterministic). */
    public static Mlp trainMlp(Dataset training, BooleanSupplier interrupted) {
        ThreatModel tm = new ThreatModel();
        return Trainer.train(training, tm.defaults(), tm.loss(), tm::accuracy, e -> {}, interrupted)
                .model();
    }

    public static EvalReport evaluate(
            List<ThreatDetector> detectors, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        return evaluate(detectors, scenarios, seeds, interrupted, (done, total) -> {});
    }

    /** Runs of {@link #evaluate} with these detectors: per scenario and seed, attack-free, undefended and one per arm. */
    public static int runs(List<ThreatDetector> detectors, List<String> scenarios, List<Long> seeds) {
        return scenarios.size() * seeds.size() * (2 + arms(detectors).size());
    }

    private static List<Map.Entry<ThreatDetector, ThreatResponder.Action>> arms(List<ThreatDetector> detectors) {
        List<Map.Entry<ThreatDetector, ThreatResponder.Action>> arms = new ArrayList<>();
        detectors.forEach(d -> arms.add(Map.entry(d, ThreatResponder.Action.KILL)));
        detectors.stream().filter(d -> d.name().equals("mlp")).forEach(d -> {
            arms.add(Map.entry(d, ThreatResponder.Action.KILL_FIRST));
            arms.add(Map.entry(d, ThreatResponder.Action.GRADUATED));
        });
        arms.add(Map.entry(new OracleDetector(), ThreatResponder.Action.KILL));
        return arms;
    }

    /**
     * As {@link #evaluate(List, List, List, BooleanSupplier)}, telling {@code progress} (runs done, of
     * {@link #runs}) after every simulated run; the results do not depend on it.
     */
    public static EvalReport evaluate(
            List<ThreatDetector> detectors,
            List<String> scenarios,
            List<Long> seeds,
            BooleanSupplier interrupted,
            java.util.function.BiConsumer<Integer, Integer> progress) {
        int total = runs(detectors, scenarios, seeds);
        int[] done = {0};
        Runnable step = () -> progress.accept(++done[0], total);
        List<EvalReport.Row> rows = new ArrayList<>();
        Map<String, String> worstAttack = new java.util.HashMap<>();
        Map<String, Map<String, double[]>> groups = new LinkedHashMap<>();
        for (String g : GROUPS) {
            groups.put(g, new LinkedHashMap<>());
        }
        for (String sc : scenarios) {
            List<ThreatRunner.Outcome> ref = new ArrayList<>(), none = new ArrayList<>();
            for (long seed : seeds) {
                ref.add(ThreatRunner.run(sc, seed, false, null, null, null));
                step.run();
                none.add(ThreatRunner.run(sc, seed, true, null, null, null));
                step.run();
            }
            rows.add(new EvalReport.Row(sc, "", "none", metrics(none, ref)));
            for (var arm : arms(detectors)) {
                if (interrupted.getAsBoolean()) {
                    break;
                }
                ThreatDetector d = arm.getKey();
                String label = d.name()
                        + switch (arm.getValue()) {
                            case GRADUATED -> "/graduated";
                            case KILL_FIRST -> "/kill-first";
                            default -> "";
                        };
                List<ThreatRunner.Outcome> out = new ArrayList<>();
                for (long seed : seeds) {
                    out.add(ThreatRunner.run(sc, seed, true, d, new ThreatResponder(arm.getValue(), Set.of()), null));
                    step.run();
                }
                Map<String, Double> mt = metrics(out, ref);
                rows.add(new EvalReport.Row(sc, "", label, mt));
                String group = group(sc);
                double[] a = groups.get(group).computeIfAbsent(label, k -> new double[11]);
                if (out.stream().anyMatch(o -> o.attackNs() >= 0) && mt.get("turnaround_ratio") > a[10]) {
                    a[10] = mt.get("turnaround_ratio");
                    worstAttack.put(group + "/" + label, sc);
                }
                for (ThreatRunner.Outcome o : out) {
                    if (o.attackNs() >= 0) {
                        a[0]++;
                        a[1] += o.detected() ? 1 : 0;
                        a[2] += o.detected() && o.timeToDetectionNs() <= GOAL_NS ? 1 : 0;
                    }
                    a[3] += o.benignFlagged();
                    a[4] += o.benignSeen();
                    a[8] += o.benignActedOn();
                    a[9] += o.benignKilled();
                }
                for (int i = 0; i < out.size(); i++) {
                    if (out.get(i).attackNs() >= 0) {
                        a[5]++;
                        a[6] = Math.max(
                                a[6], out.get(i).turnaroundMs() / ref.get(i).turnaroundMs());
                        a[7] += out.get(i).turnaroundMs() / ref.get(i).turnaroundMs();
                    }
                }
            }
        }
        List<EvalReport.Goal> goals = new ArrayList<>();
        for (var e : groups.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            for (var d : e.getValue().entrySet()) {
                double[] a = d.getValue();
                double det = a[1] / Math.max(1, a[0]), in1 = a[2] / Math.max(1, a[0]), fp = a[3] / Math.max(1, a[4]);
                double worst = a[6], mean = a[7] / Math.max(1, a[5]);
                goals.add(new EvalReport.Goal(
                        d.getKey() + ", " + e.getKey()
                                + ": detection >= 99% within 1 s at <= 1% false positives per task",
                        in1 >= 0.99 && fp <= 0.01,
                        String.format(
                                Locale.ROOT,
                                "detected %.1f%% (%.1f%% within 1 s) of %d attack runs, %.2f%% of %d benign tasks flagged",
                                100 * det,
                                100 * in1,
                                (int) a[0],
                                100 * fp,
                                (int) a[4])));
                goals.add(new EvalReport.Goal(
                        d.getKey() + ", " + e.getKey() + ": victims' turnaround within 10% of the attack-free run",
                        worst <= 1.10,
                        String.format(
                                Locale.ROOT,
                                "mean %.3fx, worst run %.3fx; benign tasks acted on %d, killed %d",
                                mean,
                                worst,
                                (int) a[8],
                                (int) a[9])));
                goals.add(new EvalReport.Goal(
                        d.getKey() + ", " + e.getKey()
                                + ": victims' turnaround within 10% of the attack-free run, per attack (mean of its runs)",
                        a[10] <= 1.10,
                        String.format(
                                Locale.ROOT,
                                "worst attack %s at %.3fx",
                                worstAttack.get(e.getKey() + "/" + d.getKey()),
                                a[10])));
            }
        }
        return new EvalReport("threat", 0, seeds, COLUMNS, rows, goals);
    }

    private static Map<String, Double> metrics(List<ThreatRunner.Outcome> out, List<ThreatRunner.Outcome> ref) {
        int attacks = 0, detected = 0, within = 0, flagged = 0, seen = 0, acted = 0, killed = 0;
        double ttd = 0, ratio = 0;
        for (int i = 0; i < out.size(); i++) {
            ThreatRunner.Outcome o = out.get(i);
            if (o.attackNs() >= 0) {
                attacks++;
                if (o.detected()) {
                    detected++;
                    ttd += o.timeToDetectionNs() / 1e6;
                    within += o.timeToDetectionNs() <= GOAL_NS ? 1 : 0;
                }
            }
            flagged += o.benignFlagged();
            seen += o.benignSeen();
            acted += o.benignActedOn();
            killed += o.benignKilled();
            ratio += o.turnaroundMs() / ref.get(i).turnaroundMs();
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("detection", attacks == 0 ? Double.NaN : (double) detected / attacks);
        m.put("within_1s", attacks == 0 ? Double.NaN : (double) within / attacks);
        m.put("ttd_ms", detected == 0 ? Double.NaN : ttd / detected);
        m.put("fp_per_task", seen == 0 ? Double.NaN : (double) flagged / seen);
        m.put("turnaround_ratio", ratio / out.size());
        m.put("benign_acted_on", (double) acted);
        m.put("benign_killed", (double) killed);
        return m;
    }
}
