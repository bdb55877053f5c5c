package kos.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import kos.sim.KosException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class DeviceMachineTest {
    private static String fingerprint(DeviceMachine m) {
        StringBuilder b = new StringBuilder();
        for (Device d : m.devices()) {
            b.append(d.reallocated())
                    .append(',')
                    .append(d.pending())
                    .append(',')
                    .append(d.readErrors())
                    .append(',')
                    .append(d.timeouts())
                    .append(',')
                    .append(Double.doubleToLongBits(d.temperatureC()))
                    .append(';');
        }
        return b.append(m.workLost()).toString();
    }

    @Test
    void sameSeedSameDayAndFifteenPercentFail() {
        DeviceMachine a = new DeviceMachine(7), b = new DeviceMachine(7);
        a.runToEnd();
        b.runToEnd();
        assertEquals(fingerprint(a), fingerprint(b));
        long failing =
                a.devices().stream().filter(d -> d.mode() != FailureMode.NONE).count();
        assertEquals(DeviceMachine.FAILING, failing);
        assertEquals(0.15, (double) failing / DeviceMachine.DEVICES, 1e-9);
        for (Device d : a.devices()) {
            if (d.mode() != FailureMode.NONE) {
                assertTrue(d.failed(), "dev" + d.id() + " should have failed by the end of the day");
                assertTrue(d.onsetMin() < d.failMin() && d.failMin() >= DeviceMachine.FIRST_FAILURE_MIN);
            }
        }
        DeviceMachine c = new DeviceMachine(8);
        c.runToEnd();
        Assertions.assertNotEquals(fingerprint(a), fingerprint(c));
    }

    @Test
    void aFailureLosesWorkAndAMigrationBeforeItLosesNone() {
        DeviceMachine none = new DeviceMachine(3);
        none.runToEnd();
        assertTrue(none.workLost() > 0, "failures without an action lose the work since the last checkpoint");

        DeviceMachine m = new DeviceMachine(3);
        List<Device> failing = new ArrayList<>();
        m.devices().stream().filter(d -> d.mode() != FailureMode.NONE).forEach(failing::add);
        while (m.minute() < DeviceMachine.RUN_MIN) {
            for (Device d : failing) {
                if (m.minute() == d.failMin() - 15) {
                    assertTrue(m.migrate(d.id()) > 0 || m.tasksOn(d.id()) == 0);
                }
            }
            m.step();
        }
        assertEquals(0.0, m.workLost(), "migrating 15 minutes ahead loses nothing");
        assertTrue(m.devices().stream().filter(Device::retired).count() == failing.size());
    }

    @Test
    void featuresAreCountersOnlyAndStartAfterWarmup() {
        DeviceMachine m = new DeviceMachine(5);
        DeviceFeatures f = new DeviceFeatures();
        int rows = 0;
        for (int t = 0; t < 120; t++) {
            m.step();
            List<DeviceFeatures.Row> r = f.observe(m);
            if (t < DeviceFeatures.WARMUP_MIN) {
                assertTrue(r.isEmpty());
            }
            for (DeviceFeatures.Row row : r) {
                assertEquals(DeviceFeatures.NAMES.size(), row.x().length);
            }
            rows += r.size();
        }
        assertEquals(60 * DeviceMachine.DEVICES, rows);
    }

    @Test
    void badInputIsRefused() {
        DeviceMachine m = new DeviceMachine(1);
        Assertions.assertThrows(KosException.class, () -> m.device(40));
        m.runToEnd();
        Assertions.assertThrows(KosException.class, m::step);
    }
}
