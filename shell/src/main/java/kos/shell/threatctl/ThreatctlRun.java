package kos.shell.threatctl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import kos.insights.threat.ThreatRunner;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import kos.shell.app.DetectorCounters;
import kos.shell.app.FeatureGates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "run",
        description = {
            "Run a threat scenario (6 s simulated) with a detector observing every task every",
            "100 ms and the responder acting on what it flags; needs the 'threat' feature gate; adds to the",
            "dashboard's threat.* counters. Scenarios: benign, forkbomb, cheat, fragment, thrash, runaway (trained",
            "on); forkbomb-slow, cheat-early, runaway-slow, thrash-pausing (variants never trained on);",
            "forkbomb-crawl, cheat-half, fragment-slow, runaway-crawl, thrash-duty (session-6 variants);",
            "cheat-jitter, cheat-third, runaway-bursty (session-7 variants, written before the model was changed);",
            "forkbomb-exec, cheat-burst, cheat-pair, fragment-drip, runaway-leaky, thrash-gentle (session-8",
            "variants, written before session 8's changes); forkbomb-nap, cheat-trio, fragment-pair, runaway-sawtooth,",
            "thrash-sleepy, thrash-pair (session-9 variants, written before session 9's changes)."
        })
final class ThreatctlRun extends JsonCommand {
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario.")
    String scenario;

    @Option(names = "--seed", paramLabel = "N", description = "The seed (default 101, a held-out one).")
    long seed = 101;

    @Option(names = "--detector", paramLabel = "D", description = "rules, xgboost or mlp (default mlp).")
    String detector = "mlp";

    @Option(
            names = "--action",
            paramLabel = "A",
            description =
                    "kill (the task and its descendants, at a flag scoring >= 0.9 or the second consecutive flag),"
                            + " kill-first (at the first flag), nice (to 19), graduated (kill at once at a score >= 0.9;"
                            + " below: observe, then nice, then kill at the third flag) or none (default kill).")
    String action = "kill";

    @Option(
            names = "--protect",
            paramLabel = "NAME",
            split = ",",
            description = "Task names the responder must never act on.")
    List<String> protect = new ArrayList<>();

    @Option(
            names = "--version",
            paramLabel = "V",
            description =
                    "The registry version of the threat model for mlp (default: promoted, else latest, else the shipped one).")
    int version;

    @Mixin
    ModelsOption models = new ModelsOption();

    record View(
            String scenario,
            long seed,
            String detector,
            String model,
            String action,
            boolean attack,
            boolean detected,
            Double timeToDetectionMs,
            int benignSeen,
            int benignFlagged,
            int benignActedOn,
            int benignKilled,
            int hostileTasks,
            double victimTurnaroundMs,
            int auditEntries) {}

    @Override
    public void run() {
        FeatureGates.of(session).require("threat");
        var svc = ThreatState.of(session);
        ThreatRunner.Outcome o = svc.run(
                scenario,
                seed,
                detector,
                action,
                new HashSet<>(protect),
                models.get().root(),
                version,
                session::isInterrupted);
        DetectorCounters.record(session.dashboard(), o);
        print(view(o, svc.lastModel(), svc.lastAction()), () -> human(o, svc.lastModel()));
    }

    static View view(ThreatRunner.Outcome o, String model, String action) {
        return new View(
                o.scenario(),
                o.seed(),
                o.detector(),
                model,
                action,
                o.attackNs() >= 0,
                o.detected(),
                o.detected() ? o.timeToDetectionNs() / 1e6 : null,
                o.benignSeen(),
                o.benignFlagged(),
                o.benignActedOn(),
                o.benignKilled(),
                o.hostileSeen(),
                o.turnaroundMs(),
                o.audit().size());
    }

    static String human(ThreatRunner.Outcome o, String model) {
        String attack = o.attackNs() < 0
                ? "no attack in this scenario"
                : o.detected()
                        ? String.format(
                                Locale.ROOT,
                                "attack started at %.2f s, detected %.0f ms later",
                                o.attackNs() / 1e9,
                                o.timeToDetectionNs() / 1e6)
                        : String.format(Locale.ROOT, "attack started at %.2f s, NOT detected", o.attackNs() / 1e9);
        return String.format(
                Locale.ROOT,
                "%s seed %d under %s (%s): %s; %d of %d benign tasks flagged, %d acted on (%d killed); "
                        + "victim jobs' mean turnaround %.0f ms; %d audit entries ('threatctl history')",
                o.scenario(),
                o.seed(),
                o.detector(),
                model,
                attack,
                o.benignFlagged(),
                o.benignSeen(),
                o.benignActedOn(),
                o.benignKilled(),
                o.turnaroundMs(),
                o.audit().size());
    }
}
