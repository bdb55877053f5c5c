package kos.insights.eval;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import kos.insights.crash.CalibrationTable;
import kos.insights.crash.NanAsNull;
import kos.insights.dashboard.LatencyWindow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One predictor's results over a suite, as {@code crashctl eval} reports them. Failed runs (a
 * script error, an exception) are counted and listed, never included in the metrics; a
 * (scenario, seed) pair whose actions-off or actions-on run failed is left out of prevention.
 *
 * <ul>
 *   <li><b>recall at 5 s</b>: of the runs that crashed with actions off, the fraction whose alarm
 *       was on at the crash and had been on without a break for at least 5 s (an alarm that came and
 *       went earlier is not a warning of this crash);</li>
 *   <li><b>first-alarm recall at 5 s</b>: of the crash runs, those whose first <em>credited</em> alarm
 *       came at least 5 s before the crash: an alarm is credited when it stayed on until the crash,
 *       or long enough for the autonomy loop to act on it ({@link kos.insights.crash.CrashMonitor#ACTIONABLE_NS});
 *       a flicker that the loop could never have acted on is not a warning;</li>
 *   <li><b>bound</b>: a crash was <em>knowable 5 s ahead</em> when its cause began (the start of the
 *       workload the scenario declares as the cause; the run's start when none is declared) at least
 *       5 s before it; <b>recall vs bound</b> is recall at 5 s over those crashes only;</li>
 *   <li><b>lead time</b>: median and 10th percentile (nearest rank) of that unbroken alarm time
 *       over the crash runs whose alarm was on at the crash;</li>
 *   <li><b>false-positive rate</b>: of the runs that did not crash with actions off, the fraction
 *       that raised any alarm; <b>benign alarm time</b>: their mean time in alarm;</li>
 *   <li><b>prevention</b>: of the (scenario, seed) pairs that crashed with actions off, the fraction
 *       that did not crash with actions on; <b>caused</b>: pairs that did not crash with actions off
 *       but did with them on; <b>benign kills</b>: kills the autonomy loop made in the actions-on runs
 *       of those benign pairs, and in how many runs (the harm of killing a process that would have
 *       lived);</li>
 *   <li><b>actions</b>: totals by kind over the actions-on runs; <b>calibration</b>: the merged
 *       reliability table of the actions-off runs and its expected calibration error.</li>
 * </ul>
 * Rates over no runs are NaN in Java and null in JSON.
 */
public record EvalSummary(String predictor, int runs, int failedRuns, int crashRuns, int benignRuns,
                          @JsonSerialize(using = NanAsNull.class) double recallAt5s,
                          @JsonSerialize(using = NanAsNull.class) double firstAlarmRecallAt5s,
                          int knowableAt5s,
                          @JsonSerialize(using = NanAsNull.class) double recallVsBound,
                          @JsonSerialize(using = NanAsNull.class) double leadMedianS,
                          @JsonSerialize(using = NanAsNull.class) double leadP10S,
                          @JsonSerialize(using = NanAsNull.class) double falsePositiveRate,
                          @JsonSerialize(using = NanAsNull.class) double benignAlarmS,
                          int preventable,
                          @JsonSerialize(using = NanAsNull.class) double preventionRate,
                          int causedCrashes, int benignKills, int benignKillRuns, Map<String, Integer> actions,
                          List<CalibrationTable.Bin> calibration, double calibrationError, List<String> failures) {
    static final long FIVE_S = 5_000_000_000L;

    /** Summarises the runs of one predictor. */
    public static EvalSummary of(String predictor, List<EvalRun> all) {
        List<EvalRun> runs = all.stream().filter(EvalRun::ok).toList();
        List<String> failures = all.stream().filter(r -> !r.ok()).map(EvalSummary::describeFailure).toList();
        List<EvalRun> off = runs.stream().filter(r -> !r.actionsOn()).toList();
        List<EvalRun> on = runs.stream().filter(EvalRun::actionsOn).toList();
        List<EvalRun> crashes = off.stream().filter(EvalRun::crashed).toList();
        List<EvalRun> benign = off.stream().filter(r -> !r.crashed()).toList();
        long early = crashes.stream().filter(r -> r.leadNs() >= FIVE_S).count();
        long firstEarly = crashes.stream().filter(r -> r.creditedAlarmNs() >= 0 && r.crashNs() - r.creditedAlarmNs() >= FIVE_S).count();
        List<EvalRun> knowable = crashes.stream().filter(r -> r.crashNs() - Math.max(0, r.causeStartNs()) >= FIVE_S).toList();
        long knownEarly = knowable.stream().filter(r -> r.leadNs() >= FIVE_S).count();
        List<Long> leads = new ArrayList<>(crashes.stream().map(EvalRun::leadNs).filter(l -> l >= 0).sorted().toList());
        long alarmed = benign.stream().filter(r -> r.firstAlarmNs() >= 0).count();
        double benignAlarm = benign.isEmpty() ? Double.NaN : benign.stream().mapToLong(EvalRun::alarmNs).average().orElse(0) / 1e9;
        Map<String, EvalRun> onByKey = new TreeMap<>();
        on.forEach(r -> onByKey.put(r.scenario() + "#" + r.seed(), r));
        int prevented = 0, preventable = 0, caused = 0, benignKills = 0, benignKillRuns = 0;
        for (EvalRun c : crashes) {
            EvalRun withActions = onByKey.get(c.scenario() + "#" + c.seed());
            if (withActions != null) {
                preventable++;
                prevented += withActions.crashed() ? 0 : 1;
            }
        }
        for (EvalRun b : benign) {
            EvalRun withActions = onByKey.get(b.scenario() + "#" + b.seed());
            if (withActions != null) {
                caused += withActions.crashed() ? 1 : 0;
                benignKills += withActions.kills();
                benignKillRuns += withActions.kills() > 0 ? 1 : 0;
            }
        }
        Map<String, Integer> actions = new TreeMap<>();
        on.forEach(r -> r.actions().forEach((k, v) -> actions.merge(k, v, Integer::sum)));
        CalibrationTable cal = new CalibrationTable();
        off.forEach(r -> cal.merge(r.calibration()));
        return new EvalSummary(predictor, all.size(), failures.size(), crashes.size(), benign.size(),
                ratio(early, crashes.size()), ratio(firstEarly, crashes.size()), knowable.size(), ratio(knownEarly, knowable.size()),
                percentile(leads, 50), percentile(leads, 10), ratio(alarmed, benign.size()), benignAlarm, preventable,
                ratio(prevented, preventable), caused, benignKills, benignKillRuns, actions, cal.bins(),
                cal.expectedCalibrationError(), failures);
    }

    /** "scenario seed N, predictor P, actions on: message". */
    static String describeFailure(EvalRun r) {
        return r.scenario() + " seed " + r.seed() + ", predictor " + r.predictor() + ", actions " + (r.actionsOn() ? "on" : "off")
                + ": " + r.error();
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

    /** Sort order of runs in reports: family, scenario, seed, predictor, actions. */
    public static final Comparator<EvalRun> RUN_ORDER = Comparator.comparing(EvalRun::family).thenComparing(EvalRun::scenario)
            .thenComparingLong(EvalRun::seed).thenComparing(EvalRun::predictor).thenComparing(EvalRun::actionsOn);
}
