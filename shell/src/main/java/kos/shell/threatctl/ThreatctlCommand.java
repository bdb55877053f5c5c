package kos.shell.threatctl;

import kos.shell.CommandGroup;
import picocli.CommandLine.Command;

/** {@code threatctl}: the hostile-task detector (issue 21). See docs/detection.md. */
@Command(
        name = "threatctl",
        description = {
            "The hostile-task detector: run an attack scenario under a detector and the responder,",
            "show the last run and its audit log, evaluate every detector on held-out seeds and unseen",
            "attack variants. See docs/detection.md."
        },
        subcommands = {
            ThreatctlRun.class,
            ThreatctlStatus.class,
            ThreatctlHistory.class,
            ThreatctlEval.class,
            ThreatctlFit.class
        })
public final class ThreatctlCommand extends CommandGroup {}
