package kos.insights.eval;

import kos.insights.crash.CalibrationTable;

import java.util.Map;

/**
 * The outcome of one scenario run with one predictor.
 *
 * @param scenario     scenario name (its file name without extension)
 * @param seed         root seed
 * @param predictor    predictor name
 * @param actionsOn    whether the autonomy loop acted on the predictions
 * @param crashed      whether the kernel ran out of memory (an OOM panic, or an OOM kill by the kernel)
 * @param crashCause   the kernel's crash cause, or null
 * @param crashNs      virtual time of the crash, or -1
 * @param firstAlarmNs virtual time of the first alarm (confidence at or above the threshold), or -1
 * @param leadNs       how long the alarm had been on without a break when the crash came, or -1 when it
 *                     was off at the crash (or there was no crash)
 * @param alarmNs      total virtual time spent in alarm (sum of sample periods whose prediction was an alarm)
 * @param durationNs   simulated duration of the run
 * @param actions      actions the autonomy loop took, by kind
 * @param calibration  the run's resolved predictions by confidence bin
 */
public record EvalRun(String scenario, long seed, String predictor, boolean actionsOn, boolean crashed, String crashCause,
                      long crashNs, long firstAlarmNs, long leadNs, long alarmNs, long durationNs, Map<String, Integer> actions,
                      CalibrationTable calibration) {
}
