package kos.shell.threatctl;

import java.util.List;
import java.util.Locale;
import kos.insights.autonomy.AuditEntry;
import kos.insights.threat.ThreatRunner;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "history",
        description =
                "The responder's audit log of the last 'threatctl run': every kill, throttle and refusal, with the detector's score.")
final class ThreatctlHistory extends JsonCommand {
    @Option(
            names = {"-n", "--last"},
            paramLabel = "N",
            description = "Only the last N entries (default 20).")
    int last = 20;

    @Override
    public void run() {
        if (last < 1) {
            throw new KosException("-n must be at least 1");
        }
        ThreatRunner.Outcome o = ThreatState.of(session).last();
        List<AuditEntry> all = o == null ? List.of() : o.audit();
        List<AuditEntry> a = all.subList(Math.max(0, all.size() - last), all.size());
        print(a, () -> {
            if (o == null) {
                return "no run yet ('threatctl run SCENARIO')";
            }
            TextTable t = new TextTable("time_s", "action", "reason", "detail");
            for (AuditEntry e : a) {
                t.row(String.format(Locale.ROOT, "%.1f", e.timeNs() / 1e9), e.action(), e.reason(), e.detail());
            }
            return a.isEmpty()
                    ? "no actions in the last run (" + o.scenario() + " seed " + o.seed() + ")"
                    : t.toString();
        });
    }
}
