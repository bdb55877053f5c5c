package kos.shell.app;

import kos.device.FailureMode;
import kos.insights.device.DeviceEval;
import kos.insights.device.DeviceRunner;
import kos.insights.threat.ThreatEval;
import kos.insights.threat.ThreatRunner;
import kos.sim.Telemetry;

/**
 * The detectors' status on the AI metrics dashboard ({@code autoctl ai-metrics}, {@code export-metrics},
 * {@code serve}): counters added by every {@code threatctl run} and {@code devctl status}. Harms are
 * counted beside the hits (benign tasks flagged, acted on, killed; healthy devices alarmed, task work
 * lost); they are scored with the simulation's ground truth, which no detector reads.
 */
public final class DetectorCounters {
    private DetectorCounters() {}

    /** Adds one threat run's counts under {@code threat.*}. */
    public static void record(Telemetry t, ThreatRunner.Outcome o) {
        t.counter("threat.runs").add(1);
        if (o.attackNs() >= 0) {
            t.counter("threat.attacks").add(1);
            t.counter("threat.attacks_detected").add(o.detected() ? 1 : 0);
            t.counter("threat.attacks_detected_within_1s")
                    .add(o.detected() && o.timeToDetectionNs() <= ThreatEval.GOAL_NS ? 1 : 0);
        }
        t.counter("threat.benign_tasks_seen").add(o.benignSeen());
        t.counter("threat.benign_tasks_flagged").add(o.benignFlagged());
        t.counter("threat.benign_tasks_acted_on").add(o.benignActedOn());
        t.counter("threat.benign_tasks_killed").add(o.benignKilled());
        t.counter("threat.actions").add(o.audit().size());
    }

    /** Adds one storage day's counts under {@code device.*}. */
    public static void record(Telemetry t, DeviceRunner.Outcome o) {
        t.counter("device.runs").add(1);
        int failing = 0, early = 0, healthy = 0, falseAlarms = 0, alarms = 0;
        for (int d = 0; d < o.modes().length; d++) {
            alarms += o.alarmMin()[d] >= 0 ? 1 : 0;
            if (o.fails(d)) {
                failing++;
                early += o.leadMin(d) >= DeviceEval.LEAD_GOAL_MIN ? 1 : 0;
            } else if (o.modes()[d] == FailureMode.NONE) {
                healthy++;
                falseAlarms += o.alarmMin()[d] >= 0 ? 1 : 0;
            }
        }
        t.counter("device.alarms").add(alarms);
        t.counter("device.failures").add(failing);
        t.counter("device.failures_alarmed_10m_ahead").add(early);
        t.counter("device.healthy_devices").add(healthy);
        t.counter("device.healthy_devices_alarmed").add(falseAlarms);
        t.counter("device.task_minutes_lost").add(Math.round(o.workLostMin()));
    }
}
