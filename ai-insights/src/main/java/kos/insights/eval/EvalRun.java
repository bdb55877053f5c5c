package kos.insights.eval;

import java.util.Map;
import kos.insights.crash.CalibrationTable;

/**
 * The outcome of one scenario run with one predictor.
 *
 * @param scenario        scenario name (its file name without extension)
 * @param family          the scenario's family (leave-one-family-out groups), its name when it has none
 * @param seed            root seed
 * @param predictor       predictor name
 * @param actionsOn       whether the autonomy loop acted on the predictions
 * @param crashed         whether the kernel ran out of memory (an OOM panic, or an OOM kill by the kernel)
 * @param crashCause      the kernel's crash cause, or null
 * @param crashNs         virtual time of the crash, or -1
 * @param firstAlarmNs    virtual time of the first alarm (confidence at or above the threshold), or -1
 * @param creditedAlarmNs start of the first alarm that counts as a warning: one still on at the crash, or one that
 *                        lasted at least {@link kos.insights.crash.CrashMonitor#ACTIONABLE_NS} (long enough for the
 *                        autonomy loop to act on it); -1 when none
 * @param leadNs          how long the alarm had been on without a break when the crash came, or -1 when it
 *                        was off at the crash (or there was no crash)
 * @param alarmNs         total virtual time spent in alarm (sum of sample periods whose prediction was an alarm)
 * @param durationNs      simulated duration of the run
 * @param causeStartNs    the honest bound: when the crash's cause began (the start of the workload the scenario
 *                        names as its cause), the earliest any predictor could have known; -1 when not declared
 * @param actions         actions the autonomy loop took, by kind
 * @param calibration     the run's resolved predictions by confidence bin
 * @param error           why the run failed (its other fields are then empty), or null when it ran
 */
public record EvalRun(
        String scenario,
        String family,
        long seed,
        String predictor,
        boolean actionsOn,
        boolean crashed,
        String crashCause,
        long crashNs,
        long firstAlarmNs,
        long creditedAlarmNs,
        long leadNs,
        long alarmNs,
        long durationNs,
        long causeStartNs,
        Map<String, Integer> actions,
        CalibrationTable calibration,
        String error) {

    /** This run's record as its actions-on twin (for a run that actions could not have changed). */
    public EvalRun withActionsOn() {
        return with(family, true, causeStartNs);
    }

    /** This run's record in its scenario's family, with the start of its declared cause ({@code -1}: none). */
    public EvalRun withCause(String family, long causeStartNs) {
        return with(family, actionsOn, causeStartNs);
    }

    private EvalRun with(String family, boolean actionsOn, long causeStartNs) {
        return new EvalRun(
                scenario,
                family,
                seed,
                predictor,
                actionsOn,
                crashed,
                crashCause,
                crashNs,
                firstAlarmNs,
                creditedAlarmNs,
                leadNs,
                alarmNs,
                durationNs,
                causeStartNs,
                actions,
                calibration,
                error);
    }

    /** A run that could not complete (a script error, an exception): reported, never counted in the metrics. */
    public static EvalRun failed(
            String scenario, String family, long seed, String predictor, boolean actionsOn, String error) {
        return new EvalRun(
                scenario,
                family,
                seed,
                predictor,
                actionsOn,
                false,
                null,
                -1,
                -1,
                -1,
                -1,
                0,
                0,
                -1,
                Map.of(),
                new CalibrationTable(),
                error);
    }

    public boolean ok() {
        return error == null;
    }

    /** Kill actions the autonomy loop took in this run. */
    public int kills() {
        return actions.getOrDefault("kill", 0);
    }
}
