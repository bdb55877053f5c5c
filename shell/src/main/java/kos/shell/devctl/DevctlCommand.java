package kos.shell.devctl;

import kos.shell.CommandGroup;
import picocli.CommandLine.Command;

/** {@code devctl}: the device-failure predictor (issue 21). See docs/detection.md. */
@Command(
        name = "devctl",
        description = {
            "The device-failure predictor: run the simulated storage machine (40 devices, SMART-style",
            "counters, 15%% failing) under a predictor and the migrate responder, show the devices' health,",
            "evaluate every predictor on held-out seeds. See docs/detection.md."
        },
        subcommands = {DevctlStatus.class, DevctlHealth.class, DevctlEval.class})
public final class DevctlCommand extends CommandGroup {}
