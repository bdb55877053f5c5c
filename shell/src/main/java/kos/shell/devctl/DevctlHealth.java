package kos.shell.devctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kos.device.Device;
import kos.insights.device.DeviceRunner;
import kos.insights.device.VendorRules;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "health",
        description = {
            "The devices of the last 'devctl status' run: state, SMART-style counters (reallocated, pending,",
            "read errors, latency outliers, command timeouts, temperature), tasks, the predictor's last score",
            "and alarm time. Ground truth (the failure mode) is not shown: 'devctl eval' scores against it."
        })
final class DevctlHealth extends JsonCommand {
    @Option(names = "--device", paramLabel = "N", description = "Only device N (0..39).")
    Integer device;

    record DeviceView(
            int id,
            int enclosure,
            String state,
            long reallocated,
            int pending,
            long readErrors,
            long latencyOutliers,
            long timeouts,
            double temperatureC,
            int tasks,
            Double score,
            Integer alarmMin) {}

    @Override
    public void run() {
        DeviceRunner.Outcome o = DeviceState.of(session).last();
        if (o == null) {
            throw new KosException("no run yet: 'devctl status' first");
        }
        if (device != null) {
            o.machine().device(device);
        }
        List<DeviceView> v = new ArrayList<>();
        for (Device d : o.machine().devices()) {
            if (device == null || device == d.id()) {
                v.add(view(o, d));
            }
        }
        print(v, () -> render(v));
    }

    static DeviceView view(DeviceRunner.Outcome o, Device d) {
        double s = o.lastScore()[d.id()];
        int alarm = o.alarmMin()[d.id()];
        String state = d.failed() ? "failed" : d.retired() ? "retired" : alarm >= 0 ? "alarmed" : "ok";
        return new DeviceView(
                d.id(),
                d.enclosure(),
                state,
                d.reallocated(),
                d.pending(),
                d.readErrors(),
                d.latencyOutliers(),
                d.timeouts(),
                Math.round(d.temperatureC() * 10) / 10.0,
                o.machine().tasksOn(d.id()),
                Double.isNaN(s) ? null : s,
                alarm < 0 ? null : alarm);
    }

    static String render(List<DeviceView> v) {
        TextTable t = new TextTable(
                "dev",
                "encl",
                "state",
                "realloc",
                "pending",
                "read_err",
                "slow_io",
                "timeouts",
                "temp_c",
                "tasks",
                "score",
                "alarm");
        for (DeviceView d : v) {
            t.row(
                    d.id(),
                    d.enclosure(),
                    d.state(),
                    d.reallocated(),
                    d.pending(),
                    d.readErrors(),
                    d.latencyOutliers(),
                    d.timeouts(),
                    String.format(Locale.ROOT, "%.1f", d.temperatureC()),
                    d.tasks(),
                    d.score() == null ? "-" : String.format(Locale.ROOT, "%.3f", d.score()),
                    d.alarmMin() == null
                            ? "-"
                            : String.format(Locale.ROOT, "%dh%02dm", d.alarmMin() / 60, d.alarmMin() % 60));
        }
        return t + String.format("%nvendor rules: %s", VendorRules.DESCRIPTION);
    }
}
