package kos.shell.threatctl;

import kos.insights.threat.ThreatRunner;
import kos.insights.threat.ThreatService;
import kos.shell.JsonCommand;
import kos.shell.app.FeatureGates;
import picocli.CommandLine.Command;

@Command(
        name = "status",
        description =
                "The 'threat' gate, the detectors, and the last 'threatctl run' (detection, false positives, victims' turnaround).")
final class ThreatctlStatus extends JsonCommand {
    record View(boolean gate, java.util.List<String> detectors, ThreatctlRun.View last) {}

    @Override
    public void run() {
        boolean gate = FeatureGates.of(session).enabled("threat");
        ThreatService svc = ThreatState.of(session);
        ThreatRunner.Outcome o = svc.last();
        View v = new View(
                gate,
                ThreatService.DETECTORS,
                o == null ? null : ThreatctlRun.view(o, svc.lastModel(), svc.lastAction()));
        print(
                v,
                () -> "threat gate " + (gate ? "on" : "off") + "; detectors "
                        + String.join(", ", ThreatService.DETECTORS) + "\nlast run: "
                        + (o == null ? "none ('threatctl run SCENARIO')" : ThreatctlRun.human(o, svc.lastModel())));
    }
}
