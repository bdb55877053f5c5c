package kos.shell.devctl;

import java.util.List;
import java.util.Locale;
import kos.device.Device;
import kos.device.DeviceMachine;
import kos.insights.autonomy.AuditEntry;
import kos.insights.device.DeviceRunner;
import kos.insights.device.DeviceService;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import kos.shell.app.DetectorCounters;
import kos.shell.app.FeatureGates;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        description = {
            "Run the storage machine's day on a seed up to --at under a predictor scoring every device every",
            "simulated minute, the responder migrating the I/O of each alarmed device (needs the 'device' feature",
            "gate; --action none only records); show the fleet, the alarms and the task work lost; adds to the",
            "dashboard's device.* counters. Kept for 'devctl health'. The MLP is the registry's 'device' model",
            "('ml train device'), else one trained in the command."
        })
final class DevctlStatus extends JsonCommand {
    @Option(names = "--seed", paramLabel = "N", description = "The seed (default 101, a held-out one).")
    long seed = 101;

    @Option(names = "--at", paramLabel = "DURATION", description = "How far into the day to run (default 24h).")
    String at = "24h";

    @Option(names = "--predictor", paramLabel = "P", description = "rules, xgboost or mlp (default mlp, kos's model).")
    String predictor = "mlp";

    @Option(names = "--action", paramLabel = "A", description = "migrate or none (default migrate).")
    String action = "migrate";

    @Option(
            names = "--version",
            paramLabel = "V",
            description =
                    "The registry version of the device model for mlp (default: promoted, else latest, else trained now).")
    int version;

    @Mixin
    ModelsOption models = new ModelsOption();

    record View(
            long seed,
            String predictor,
            String model,
            String action,
            int minute,
            int inService,
            int failed,
            int retired,
            int alarms,
            double workLostMin,
            int tasksThatLostWork,
            List<AuditEntry> audit) {}

    @Override
    public void run() {
        int minutes = minutes(at);
        if (!action.equalsIgnoreCase("none")) {
            FeatureGates.of(session).require(FeatureGates.DEVICE);
        }
        DeviceService svc = DeviceState.of(session);
        DeviceRunner.Outcome o =
                svc.run(seed, minutes, predictor, action, models.get().root(), version, session::isInterrupted);
        DetectorCounters.record(session.dashboard(), o);
        View v = view(o, svc.lastModel(), action.toLowerCase(Locale.ROOT));
        print(v, () -> human(v));
    }

    static int minutes(String at) {
        long ns = Quantities.parseDuration(at);
        long min = ns / 60_000_000_000L;
        if (ns % 60_000_000_000L != 0 || min < 1 || min > DeviceMachine.RUN_MIN) {
            throw new KosException("--at must be whole minutes within the simulated day (1m..24h), got '" + at + "'");
        }
        return (int) min;
    }

    static View view(DeviceRunner.Outcome o, String model, String action) {
        int failed = 0, retired = 0, alarms = 0;
        for (Device d : o.machine().devices()) {
            failed += d.failed() ? 1 : 0;
            retired += d.retired() && !d.failed() ? 1 : 0;
            alarms += o.alarmMin()[d.id()] >= 0 ? 1 : 0;
        }
        return new View(
                o.seed(),
                o.predictor(),
                model,
                action,
                o.minutes(),
                DeviceMachine.DEVICES - failed - retired,
                failed,
                retired,
                alarms,
                o.workLostMin(),
                o.tasksThatLostWork(),
                o.audit());
    }

    static String human(View v) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "seed %d at %dh%02dm under %s (%s, action %s): %d devices in service, %d failed, %d retired (drained, not failed); "
                        + "%d alarms; %.0f task-minutes of work lost by %d tasks",
                v.seed(),
                v.minute() / 60,
                v.minute() % 60,
                v.predictor(),
                v.model(),
                v.action(),
                v.inService(),
                v.failed(),
                v.retired(),
                v.alarms(),
                v.workLostMin(),
                v.tasksThatLostWork()));
        for (AuditEntry e : v.audit()) {
            long m = e.timeNs() / 60_000_000_000L;
            b.append(String.format(
                    Locale.ROOT, "%n  %dh%02dm %s: %s (%s)", m / 60, m % 60, e.action(), e.detail(), e.reason()));
        }
        b.append(String.format("%nper device: 'devctl health'"));
        return b.toString();
    }
}
