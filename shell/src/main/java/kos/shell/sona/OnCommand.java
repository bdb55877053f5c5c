package kos.shell.sona;

import kos.shell.ShellCommand;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sona.SonaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sona on}. */
@Command(
        name = "on",
        description = {
            "Turn SONA on for the active attention scheduler.",
            "Run 'schedctl transformer on' first. Its six projections get a",
            "MicroLoRA and a BaseLoRA each; the base stays frozen while SONA is on."
        })
final class OnCommand extends ShellCommand {
    @Option(names = "--rank", paramLabel = "R", description = "MicroLoRA rank, 1 or 2 (default 2).")
    Integer rank;

    @Option(names = "--lambda", paramLabel = "L", description = "EWC++ lambda: 0 or 100..15000 (default 2000).")
    Float lambda;

    @Option(names = "--loop-b", paramLabel = "DURATION", description = "Loop B period in virtual time (default 2s).")
    String loopB;

    @Override
    public void run() {
        SonaShell sh = SonaShell.of(session);
        SonaConfig c = sh.config;
        if (rank != null) {
            c = c.withMicroRank(rank);
        }
        if (lambda != null) {
            c = c.withLambda(lambda);
        }
        if (loopB != null) {
            long ns = Quantities.parseDuration(loopB);
            if (ns < Quantities.NS_PER_MS) {
                throw new KosException("--loop-b must be at least 1ms, got " + loopB);
            }
            c = c.withLoopBPeriodNs(ns);
        }
        sh.enable(session, c);
        session.out().println("sona on: " + sh.describe());
    }
}
