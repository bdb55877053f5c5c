package kos.insights.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import kos.device.Device;
import kos.device.DeviceMachine;
import kos.insights.autonomy.AuditEntry;
import kos.sim.KosException;

/**
 * Acts on alarmed devices, the autonomy loop's way: the one allowlisted action is {@code migrate}
 * (checkpoint the device's tasks and move their I/O to the least loaded healthy device, then retire
 * the device); {@code none} only records the alarm. Every decision is an {@link AuditEntry}.
 */
public final class DeviceResponder {
    public enum Action {
        MIGRATE,
        NONE
    }

    private final Action action;
    private final List<AuditEntry> audit = new ArrayList<>();
    private int healthyDrained;

    public DeviceResponder(Action action) {
        this.action = action;
    }

    public static Action parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "migrate" -> Action.MIGRATE;
            case "none", "observe" -> Action.NONE;
            default -> throw new KosException("unknown action '" + s + "': expected migrate or none");
        };
    }

    public Action action() {
        return action;
    }

    /** Handles one alarmed device at minute {@code minute}. */
    public void respond(DeviceMachine m, Device d, String predictor, double score) {
        long ns = m.minute() * 60_000_000_000L;
        String why = String.format(Locale.ROOT, "%s score %.3f", predictor, score);
        String who = "dev" + d.id();
        if (action == Action.NONE) {
            audit.add(new AuditEntry(ns, "observe", why, who + " alarmed, no action (observe mode)"));
            return;
        }
        int n = m.migrate(d.id());
        audit.add(new AuditEntry(
                ns, "migrate", why, who + " drained: " + n + " task(s) checkpointed and moved, device retired"));
        if (d.mode() == kos.device.FailureMode.NONE) {
            healthyDrained++;
        }
    }

    public List<AuditEntry> audit() {
        return Collections.unmodifiableList(audit);
    }

    /** Healthy devices drained (a harm: capacity taken out of service, tasks paused). Scoring only. */
    public int healthyDrained() {
        return healthyDrained;
    }
}
