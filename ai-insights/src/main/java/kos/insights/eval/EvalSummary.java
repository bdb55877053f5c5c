package kos.insights.eval;

import kos.insights.crash.CalibrationTable;
import kos.insights.dashboard.LatencyWindow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One predictor's results over a suite, as {@code crashctl eval} reports them.
 *
 * <ul>
 *   <li><b>recall at 5 s</b>: of the runs that crashed with actions off, the fraction whose alarm
 *       was on at the crash and had been on without a break for at least 5 s (an alarm that came and
 *       went earlier is not a warning of this crash);</li>
 *   <li><b>first-alarm recall at 5 s</b>: the looser count, of crash runs whose first alarm came at
 *       least 5 s before the crash, whether or not it lasted; an alarm that came and went counts,
 *       so this is the larger number, shown beside the strict one;</li>
 *   <li><b>lead time</b>: median and 10th percentile (nearest rank) of that unbroken alarm time
 *       over the crash runs whose alarm was on at the crash;</li>
 *   <li><b>false-positive rate</b>: of the runs that did not crash with actions off, the fraction
 *       that raised any alarm; <b>benign alarm time</b>: their mean time in alarm;</li>
 *   <li><b>prevention</b>: of the (scenario, seed) pairs that crashed with actions off, the fraction
 *       that did not crash with actions on; <b>caused</b>: pairs that did not crash with actions off
 *       but did with them on (the harm the actions did);</li>
 *   <li><b>actions</b>: totals by kind over the actions-on runs; <b>calibration</b>: the merged
 *       reliability table of the actions-off runs and its expected calibration error.</li>
 * </ul>
 */
public record EvalSummary(String predictor, int runs, int crashRuns, int benignRuns, double recallAt5s, double firstAlarmRecallAt5s,
                          double leadMedianS, double leadP10S, double falsePositiveRate, double benignAlarmS, int preventable,
                          double preventionRate, int causedCrashes, Map<String, Integer> actions, List<CalibrationTable.Bin> calibration, double calibrationError) {
    static final long FIVE_S = 5_000_000_000L;

    /** Summarises the runs of one predictor. */
    public static EvalSummary of(String predictor, List<EvalRun> runs) {
        List<EvalRun> off = runs.stream().filter(r -> !r.actionsOn()).toList();
        List<EvalRun> on = runs.stream().filter(EvalRun::actionsOn).toList();
        List<EvalRun> crashes = off.stream().filter(EvalRun::crashed).toList();
        List<EvalRun> benign = off.stream().filter(r -> !r.crashed()).toList();
        long early = crashes.stream().filter(r -> r.leadNs() >= FIVE_S).count();
        long firstEarly = crashes.stream().filter(r -> r.firstAlarmNs() >= 0 && r.crashNs() - r.firstAlarmNs() >= FIVE_S).count();
        List<Long> leads = new ArrayList<>(crashes.stream().map(EvalRun::leadNs).filter(l -> l >= 0).sorted().toList());
        long alarmed = benign.stream().filter(r -> r.firstAlarmNs() >= 0).count();
        double benignAlarm = benign.stream().mapToLong(EvalRun::alarmNs).average().orElse(0) / 1e9;
        Map<String, EvalRun> onByKey = new TreeMap<>();
        on.forEach(r -> onByKey.put(r.scenario() + "#" + r.seed(), r));
        int prevented = 0, preventable = 0, caused = 0;
        for (EvalRun c : crashes) {
            EvalRun withActions = onByKey.get(c.scenario() + "#" + c.seed());
            if (withActions != null) {
                preventable++;
                prevented += withActions.crashed() ? 0 : 1;
            }
        }
        for (EvalRun b : benign) {
            EvalRun withActions = onByKey.get(b.scenario() + "#" + b.seed());
            caused += withActions != null && withActions.crashed() ? 1 : 0;
        }
        Map<String, Integer> actions = new TreeMap<>();
        on.forEach(r -> r.actions().forEach((k, v) -> actions.merge(k, v, Integer::sum)));
        CalibrationTable cal = new CalibrationTable();
        off.forEach(r -> cal.merge(r.calibration()));
        return new EvalSummary(predictor, runs.size(), crashes.size(), benign.size(),
                ratio(early, crashes.size()), ratio(firstEarly, crashes.size()), percentile(leads, 50), percentile(leads, 10),
                ratio(alarmed, benign.size()), benignAlarm, preventable, ratio(prevented, preventable), caused, actions,
                cal.bins(), cal.expectedCalibrationError());
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : num / (double) den;
    }

    /** Nearest-rank percentile in seconds; NaN when empty. */
    static double percentile(List<Long> sortedNs, double p) {
        if (sortedNs.isEmpty()) {
            return Double.NaN;
        }
        return sortedNs.get(LatencyWindow.nearestRank(p, sortedNs.size()) - 1) / 1e9;
    }

    /** Sort order of runs in reports: scenario, seed, predictor, actions. */
    public static final Comparator<EvalRun> RUN_ORDER = Comparator.comparing(EvalRun::scenario)
            .thenComparingLong(EvalRun::seed).thenComparing(EvalRun::predictor).thenComparing(EvalRun::actionsOn);
}
