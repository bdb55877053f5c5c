package kos.insights.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import kos.device.DeviceFeatures;
import kos.device.DeviceMachine;
import kos.insights.ml.EvalReport;
import kos.sim.KosException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class DeviceEvalTest {
    @Test
    void vendorRulesFireOnTheirThresholds() {
        double[] x = new double[DeviceFeatures.NAMES.size()];
        assertTrue(VendorRules.fired(x).isEmpty());
        x[DeviceFeatures.NAMES.indexOf("temp_c")] = 61;
        x[DeviceFeatures.NAMES.indexOf("timeouts_60m")] = 6;
        assertEquals(List.of("timeouts", "temperature"), VendorRules.fired(x));
    }

    @Test
    void rulesEvaluationIsDeterministicAndCountsEveryDevice() {
        EvalReport a = DeviceEval.evaluate(List.of(new VendorRules()), List.of(201L), () -> false);
        List<Integer> told = new java.util.ArrayList<>();
        EvalReport b = DeviceEval.evaluate(List.of(new VendorRules()), List.of(201L), () -> false, (done, total) -> {
            assertEquals(2, total);
            told.add(done);
        });
        assertEquals(a, b, "progress changes no result");
        assertEquals(List.of(1, 2), told);
        var rules = a.rows().stream()
                .filter(r -> r.scenario().equals("all") && r.method().equals("rules"))
                .findFirst()
                .orElseThrow();
        var none = a.rows().get(0).metrics();
        assertEquals(
                DeviceMachine.FAILING,
                none.get("missed") + none.get("late") + none.get("recall_10m") * DeviceMachine.FAILING,
                1e-9);
        assertTrue(none.get("work_lost_min") > 0);
        assertTrue(rules.metrics().get("work_lost_min") <= none.get("work_lost_min"));
    }

    @Test
    void migrationIsAuditedAndBadInputRefused() {
        DeviceRunner.Outcome o = DeviceRunner.run(
                202,
                DeviceMachine.RUN_MIN,
                new VendorRules(),
                new DeviceResponder(DeviceResponder.Action.MIGRATE),
                null);
        assertTrue(o.audit().stream().allMatch(e -> e.action().equals("migrate")));
        long alarmed = Arrays.stream(o.alarmMin()).filter(m -> m >= 0).count();
        assertEquals(alarmed, o.audit().size());
        Assertions.assertThrows(KosException.class, () -> DeviceResponder.parse("reboot"));
        Assertions.assertThrows(KosException.class, () -> DeviceRunner.run(1, 0, null, null, null));
        Assertions.assertThrows(KosException.class, () -> new DeviceService().predictor("svm", null, 0, () -> false));
    }

    @Test
    void theDeviceModelIsInThePipeline() {
        var m = kos.insights.ml.MlModels.get("device");
        assertEquals(DeviceFeatures.NAMES, m.features());
        Assertions.assertThrows(KosException.class, () -> m.collect(List.of("night"), List.of(1L), () -> false));
        var d = m.collect(m.scenarios(), List.of(1L), () -> false);
        assertTrue(d.size() > 10_000, "rows " + d.size());
    }
}
