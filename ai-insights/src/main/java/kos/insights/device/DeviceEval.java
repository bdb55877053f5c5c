package kos.insights.device;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import kos.device.DeviceMachine;
import kos.device.FailureMode;
import kos.insights.ml.EvalReport;

/**
 * Scores failure predictors on held-out seeds: each seed's day is run with no predictor (the work
 * lost without one) and once per predictor with the responder migrating every alarmed device.
 * Per predictor: recall with at least {@link #LEAD_GOAL_MIN} minutes of lead, alarms that came too
 * late, misses, the median lead, false alarms (devices that would not fail, alarmed, over those
 * devices: each one drained for nothing), task work lost, tasks that lost work, minutes tasks were
 * stalled; and recall and lead per failure mode.
 */
public final class DeviceEval {
    public static final int LEAD_GOAL_MIN = 10;
    public static final List<String> COLUMNS = List.of(
            "recall_10m",
            "late",
            "missed",
            "lead_median_min",
            "false_alarms",
            "healthy_drained",
            "work_lost_min",
            "tasks_lost_work",
            "stalled_min");

    private DeviceEval() {}

    public static EvalReport evaluate(List<DevicePredictor> predictors, List<Long> seeds, BooleanSupplier interrupted) {
        return evaluate(predictors, seeds, interrupted, (done, total) -> {});
    }

    /**
     * As {@link #evaluate(List, List, BooleanSupplier)}, telling {@code progress} (simulated days done,
     * of one per seed and predictor plus the undefended ones) after every run; the results do not depend on it.
     */
    public static EvalReport evaluate(
            List<DevicePredictor> predictors,
            List<Long> seeds,
            BooleanSupplier interrupted,
            java.util.function.BiConsumer<Integer, Integer> progress) {
        int total = seeds.size() * (1 + predictors.size());
        int[] done = {0};
        List<EvalReport.Row> rows = new ArrayList<>();
        List<EvalReport.Goal> goals = new ArrayList<>();
        List<DeviceRunner.Outcome> none = new ArrayList<>();
        for (long seed : seeds) {
            if (interrupted.getAsBoolean()) {
                break;
            }
            none.add(DeviceRunner.run(seed, DeviceMachine.RUN_MIN, null, null, null));
            progress.accept(++done[0], total);
        }
        rows.add(new EvalReport.Row("all", "", "none", metrics(none, null)));
        double noneLost =
                none.stream().mapToDouble(DeviceRunner.Outcome::workLostMin).sum();
        for (DevicePredictor p : predictors) {
            List<DeviceRunner.Outcome> out = new ArrayList<>();
            for (long seed : seeds) {
                if (interrupted.getAsBoolean()) {
                    break;
                }
                out.add(DeviceRunner.run(
                        seed, DeviceMachine.RUN_MIN, p, new DeviceResponder(DeviceResponder.Action.MIGRATE), null));
                progress.accept(++done[0], total);
            }
            Map<String, Double> m = metrics(out, null);
            rows.add(new EvalReport.Row("all", "", p.name(), m));
            for (FailureMode mode : FailureMode.FAILING) {
                rows.add(new EvalReport.Row(mode.label(), "", p.name(), metrics(out, mode)));
            }
            goals.add(new EvalReport.Goal(
                    p.name() + ": recall >= 90% with >= " + LEAD_GOAL_MIN + " min lead at <= 2% false alarms",
                    m.get("recall_10m") >= 0.9 && m.get("false_alarms") <= 0.02,
                    String.format(
                            Locale.ROOT,
                            "recall %.1f%% of %d failing devices (median lead %.0f min), %.2f%% of %d healthy devices alarmed",
                            100 * m.get("recall_10m"),
                            count(out, true),
                            m.get("lead_median_min"),
                            100 * m.get("false_alarms"),
                            count(out, false))));
            goals.add(new EvalReport.Goal(
                    p.name() + ": migrating on its alarms loses no task's work",
                    m.get("work_lost_min") == 0,
                    String.format(
                            Locale.ROOT,
                            "%.0f task-minutes lost by %.0f tasks (no predictor: %.0f)",
                            m.get("work_lost_min"),
                            m.get("tasks_lost_work"),
                            noneLost)));
        }
        return new EvalReport(DeviceData.NAME, 0, seeds, COLUMNS, rows, goals);
    }

    private static int count(List<DeviceRunner.Outcome> out, boolean failing) {
        int n = 0;
        for (DeviceRunner.Outcome o : out) {
            for (int d = 0; d < o.modes().length; d++) {
                n += o.fails(d) == failing ? 1 : 0;
            }
        }
        return n;
    }

    /** The metrics over {@code out}; with {@code mode}, only that mode's recall, late, missed and lead. */
    static Map<String, Double> metrics(List<DeviceRunner.Outcome> out, FailureMode mode) {
        int failing = 0, hit = 0, late = 0, missed = 0, healthy = 0, falseAlarms = 0, lostTasks = 0, stalled = 0;
        double lost = 0;
        List<Integer> leads = new ArrayList<>();
        for (DeviceRunner.Outcome o : out) {
            for (int d = 0; d < o.modes().length; d++) {
                if (mode != null && o.modes()[d] != mode) {
                    continue;
                }
                if (o.fails(d)) {
                    failing++;
                    int lead = o.leadMin(d);
                    if (lead >= LEAD_GOAL_MIN) {
                        hit++;
                        leads.add(lead);
                    } else if (lead >= 0) {
                        late++;
                    } else {
                        missed++;
                    }
                } else if (o.modes()[d] == FailureMode.NONE) {
                    healthy++;
                    falseAlarms += o.alarmMin()[d] >= 0 ? 1 : 0;
                }
            }
            lost += o.workLostMin();
            lostTasks += o.tasksThatLostWork();
            stalled += o.stalledMin();
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("recall_10m", failing == 0 ? Double.NaN : (double) hit / failing);
        m.put("late", (double) late);
        m.put("missed", (double) missed);
        m.put("lead_median_min", median(leads));
        if (mode == null) {
            m.put("false_alarms", healthy == 0 ? Double.NaN : (double) falseAlarms / healthy);
            m.put("healthy_drained", (double)
                    out.stream().mapToInt(DeviceRunner.Outcome::healthyDrained).sum());
            m.put("work_lost_min", (double) Math.round(lost));
            m.put("tasks_lost_work", (double) lostTasks);
            m.put("stalled_min", (double) stalled);
        }
        return m;
    }

    private static double median(List<Integer> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        int[] a = v.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
    }
}
