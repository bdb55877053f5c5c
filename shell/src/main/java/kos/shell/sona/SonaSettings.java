package kos.shell.sona;

import kos.sim.Quantities;
import kos.sona.SonaConfig;
import picocli.CommandLine.Option;

/** The SONA settings {@code sona eval} runs its SONA arms with: ranks, rates, loops, EWC++, boundaries, recall. */
final class SonaSettings {
    @Option(
            names = "--rank",
            defaultValue = "2",
            paramLabel = "R",
            description = "MicroLoRA rank, 1 or 2 (default ${DEFAULT-VALUE}).")
    int rank;

    @Option(
            names = "--lambda",
            defaultValue = "2000",
            paramLabel = "L",
            description = "EWC++ lambda of full SONA, 100..15000 (default ${DEFAULT-VALUE}).")
    float lambda;

    @Option(names = "--micro-lr", paramLabel = "LR", description = "MicroLoRA learning rate (default 0.05).")
    Float microLr;

    @Option(names = "--base-lr", paramLabel = "LR", description = "BaseLoRA learning rate (default 0.03).")
    Float baseLr;

    @Option(names = "--loop-b", paramLabel = "DURATION", description = "Loop B period (default 2s).")
    String loopB;

    @Option(names = "--apply-every", paramLabel = "K", description = "MicroLoRA applied every K decisions (default 8).")
    Integer applyEvery;

    @Option(
            names = "--micro-decay",
            paramLabel = "F",
            description = "MicroLoRA B multiplied by F at every loop B, 0..1 (default 0.5).")
    Float microDecay;

    @Option(
            names = "--clip",
            paramLabel = "NORM",
            description = "Largest L2 norm of an adapter step's mean gradient; 0 is off (default 0).")
    Float clip;

    @Option(
            names = "--boundary-z",
            paramLabel = "Z",
            description = "Task-boundary z-score of the EWC++ detector (default 2.0).")
    Double boundaryZ;

    @Option(
            names = "--recall",
            paramLabel = "on|off",
            description = "Full SONA's task recall: remembered tasks' adapters tried at every loop B, a clearly"
                    + " better one taken back (default on; the no-EWC++ arm has neither EWC++ nor recall).")
    String recall;

    @Option(
            names = "--recall-gain",
            paramLabel = "G",
            description = "Relative error reduction a remembered task's adapters must show to be recalled, in (0, 1)"
                    + " (default 0.15).")
    Double recallGain;

    @Option(
            names = "--error-boundary",
            paramLabel = "on|off",
            description = "Also take a task boundary from a jump of the model's own error (session 8's fallback;"
                    + " default off).")
    String errorBoundary;

    /** {@code start} with the settings given on the command line (the others as {@code start} has them). */
    SonaConfig applyTo(SonaConfig start) {
        SonaConfig d = start.withMicroRank(rank).withLambda(lambda);
        return d.with(b -> {
            if (microLr != null) {
                b.microLr = microLr;
            }
            if (applyEvery != null) {
                b.applyEvery = applyEvery;
            }
            if (baseLr != null) {
                b.baseLr = baseLr;
            }
            if (loopB != null) {
                b.loopBPeriodNs = Quantities.parseDuration(loopB);
            }
            if (microDecay != null) {
                b.microDecay = microDecay;
            }
            if (clip != null) {
                b.gradClip = clip;
            }
            if (boundaryZ != null) {
                b.boundaryZ = boundaryZ;
            }
            if (recall != null) {
                b.recall = SonaCommand.onOff("--recall", recall);
            }
            if (recallGain != null) {
                b.recallGain = recallGain;
            }
            if (errorBoundary != null) {
                b.errorBoundary = SonaCommand.onOff("--error-boundary", errorBoundary);
            }
        });
    }
}
