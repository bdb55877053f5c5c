package kos.shell.sona;

import java.util.List;
import java.util.stream.LongStream;
import kos.shell.JsonCommand;
import kos.shell.Progress;
import kos.shell.app.SonaEval;
import kos.shell.app.SonaReport;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.simd.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sona report}: the headline goals table of docs/sona.md in one run. */
@Command(
        name = "report",
        description = {
            "Issue 19's goals table (docs/sona.md) in one run, as Markdown.",
            "Speeds in thread CPU time (trajectory step, MicroLoRA forward and",
            "accumulate, ReasoningBank search at 1K/10K/100K x 64), then two evals:",
            "adaptation (batch -> interactive -> batch) and forgetting",
            "(prio-short -> prio-long -> prio-short, aggressive online SGD, with the",
            "ablation arms EWC++ only and recall only). Takes minutes: 36 simulated",
            "runs of 3 phases at the default 3 seeds."
        })
final class ReportCommand extends JsonCommand {
    @Option(
            names = "--seeds",
            defaultValue = "3",
            paramLabel = "N",
            description = "Seeds per eval (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(
            names = "--adapt-seed",
            defaultValue = "101",
            paramLabel = "S",
            description = "First seed of the adaptation eval (default ${DEFAULT-VALUE}).")
    long adaptSeed;

    @Option(
            names = "--forget-seed",
            defaultValue = "301",
            paramLabel = "S",
            description = "First seed of the forgetting eval (default ${DEFAULT-VALUE}; tuned on 1-2).")
    long forgetSeed;

    @Option(
            names = "--phase",
            defaultValue = "60s",
            paramLabel = "DURATION",
            description = "Length of each phase (default ${DEFAULT-VALUE}).")
    String phase;

    @Override
    public void run() {
        if (seeds < 1 || seeds > 100) {
            throw new KosException("--seeds must be 1..100, got " + seeds);
        }
        long phaseNs = Quantities.parseDuration(phase);
        SonaEval.Plan a = SonaReport.adaptationPlan(seedList(adaptSeed), phaseNs);
        SonaEval.Plan f = SonaReport.forgettingPlan(seedList(forgetSeed), phaseNs);
        SonaReport.Report r;
        try (Progress p = new Progress(session, "sona report")) {
            int total = SonaReport.runs(a, f);
            r = SonaReport.run(Kernels.get(), a, f, d -> p.update(d, total, "runs"), session::isInterrupted);
        }
        print(r, () -> SonaReport.markdown(r));
    }

    private List<Long> seedList(long first) {
        return LongStream.range(first, first + seeds).boxed().toList();
    }
}
