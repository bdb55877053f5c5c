package kos.insights.device;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import kos.device.Device;
import kos.device.DeviceFeatures;
import kos.device.DeviceMachine;
import kos.device.FailureMode;
import kos.insights.autonomy.AuditEntry;
import kos.sim.KosException;

/**
 * Runs the storage machine for a day (or up to a minute), a predictor scoring every in-service device
 * every simulated minute and a responder acting on each alarm once, and scores the run with the
 * ground truth.
 */
public final class DeviceRunner {
    /** An alarm needs the score at or over the threshold this many observations in a row. */
    public static final int CONSECUTIVE = 5;

    private DeviceRunner() {}

    /**
     * One run's outcome. Per device: {@code modes}, {@code failMin} (-1: does not fail),
     * {@code alarmMin} (the end of the minute of its alarm, -1: none), {@code lastScore}.
     */
    public record Outcome(
            long seed,
            String predictor,
            int minutes,
            FailureMode[] modes,
            int[] failMin,
            int[] alarmMin,
            double[] lastScore,
            double workLostMin,
            int tasksThatLostWork,
            int stalledMin,
            int healthyDrained,
            List<AuditEntry> audit,
            DeviceMachine machine) {
        /** Minutes from the alarm to the failure (-1: not both). */
        public int leadMin(int d) {
            return failMin[d] >= 0 && alarmMin[d] >= 0 && failMin[d] < minutes ? failMin[d] - alarmMin[d] : -1;
        }

        public boolean fails(int d) {
            return failMin[d] >= 0 && failMin[d] < minutes;
        }
    }

    /**
     * Runs seed {@code seed} for {@code minutes} (at most a day) under {@code predictor} (null: none) and
     * {@code responder} (null: none); {@code rows} (null: none) receives every observation.
     */
    public static Outcome run(
            long seed,
            int minutes,
            DevicePredictor predictor,
            DeviceResponder responder,
            Consumer<List<DeviceFeatures.Row>> rows) {
        if (minutes < 1 || minutes > DeviceMachine.RUN_MIN) {
            throw new KosException("a run lasts 1 to " + DeviceMachine.RUN_MIN + " minutes, got " + minutes);
        }
        DeviceMachine m = new DeviceMachine(seed);
        DeviceFeatures f = new DeviceFeatures();
        int n = DeviceMachine.DEVICES;
        int[] alarm = new int[n], streak = new int[n];
        double[] last = new double[n];
        Arrays.fill(alarm, -1);
        Arrays.fill(last, Double.NaN);
        for (int t = 0; t < minutes; t++) {
            m.step();
            List<DeviceFeatures.Row> obs = f.observe(m);
            if (rows != null) {
                rows.accept(obs);
            }
            if (predictor == null) {
                continue;
            }
            List<double[]> xs = new ArrayList<>(obs.size());
            obs.forEach(r -> xs.add(r.x()));
            double[] s = predictor.scoreAll(xs);
            for (int i = 0; i < s.length; i++) {
                Device d = obs.get(i).device();
                last[d.id()] = s[i];
                streak[d.id()] = s[i] >= predictor.threshold() ? streak[d.id()] + 1 : 0;
                if (streak[d.id()] >= CONSECUTIVE && alarm[d.id()] < 0) {
                    alarm[d.id()] = m.minute();
                    if (responder != null) {
                        responder.respond(m, d, predictor.name(), s[i]);
                    }
                }
            }
        }
        FailureMode[] modes = new FailureMode[n];
        int[] fail = new int[n];
        for (Device d : m.devices()) {
            modes[d.id()] = d.mode();
            fail[d.id()] = d.failMin();
        }
        return new Outcome(
                seed,
                predictor == null ? "none" : predictor.name(),
                minutes,
                modes,
                fail,
                alarm,
                last,
                m.workLost(),
                m.tasksThatLostWork(),
                m.stalledMin(),
                responder == null ? 0 : responder.healthyDrained(),
                responder == null ? List.of() : responder.audit(),
                m);
    }
}
