package kos.shell.sona;

import java.util.List;
import java.util.Map;
import kos.shell.JsonCommand;
import kos.shell.Progress;
import kos.shell.app.AttentionSonaModel;
import kos.shell.app.SeedRange;
import kos.shell.app.SonaEval;
import kos.shell.app.SonaReport;
import kos.shell.report.CsvOption;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.simd.Kernels;
import kos.sona.SonaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sona eval}: phases A -> B -> A under the attention scheduler,
 * frozen vs online SGD vs SONA with and without EWC++. */
@Command(
        name = "eval",
        description = {
            "Continual-learning evaluation: phases A -> B -> A, five arms.",
            "Workload phases (default batch, interactive, batch) under the attention",
            "scheduler on the same seeds: frozen, online SGD, SONA without EWC++, full",
            "SONA, and a LoRA adapter trained offline on phase-B decisions of other",
            "seeds (the reference). Reports mean turnaround and prediction error per",
            "phase, forgetting (the relative drop on returning to A, against frozen)",
            "and the adaptation time to B (the first window after which the arm stays",
            "within 5%% of the offline adapter). SONA's settings were chosen on seeds",
            "1-2; the default evaluation seeds are 101-103. Mixes: batch, interactive,",
            "io-bound, mixed, and the conflicting pair prio-short / prio-long (CPU-only",
            "jobs at nice -10 and +10; which half is short swaps between them), where",
            "what is learned in B is wrong in A. --preset forgetting runs sona report's",
            "forgetting scenario; --ablation adds SONA with EWC++ only and recall only."
        })
final class EvalCommand extends JsonCommand {
    @Mixin
    CsvOption csv = new CsvOption();

    /** The evaluation seeds; SONA's settings were chosen on 1-2. */
    @Mixin
    SeedRange seeds = new SeedRange(3, 101);

    @Mixin
    PhaseOption phase = new PhaseOption();

    @Mixin
    SonaSettings settings = new SonaSettings();

    @Option(names = "--mix-a", paramLabel = "MIX", description = "Phase A mix (default batch).")
    String mixA;

    @Option(names = "--mix-b", paramLabel = "MIX", description = "Phase B mix (default interactive).")
    String mixB;

    @Option(
            names = "--preset",
            paramLabel = "forgetting",
            description = "The settings of sona report's forgetting eval: mixes prio-short and prio-long, its"
                    + " aggressive online SGD and SONA settings (other options given here still apply on top).")
    String preset;

    @Option(
            names = "--ablation",
            description = "Also run full SONA without recall (sona-ewc-only) and without EWC++ (sona-recall-only).")
    boolean ablation;

    @Option(
            names = "--load",
            defaultValue = "0.9",
            paramLabel = "L",
            description = "Offered load (default ${DEFAULT-VALUE}).")
    double load;

    @Option(names = "--cpus", defaultValue = "1", paramLabel = "N", description = "CPUs (default ${DEFAULT-VALUE}).")
    int cpus;

    @Option(
            names = "--window",
            defaultValue = "10s",
            paramLabel = "DURATION",
            description = "Adaptation window (default ${DEFAULT-VALUE}).")
    String window;

    @Option(
            names = "--offline-seed",
            defaultValue = "9001",
            paramLabel = "S",
            description =
                    "First of the three seeds the offline-B adapter is trained (S, S+1) and checked (S+2) on (default ${DEFAULT-VALUE}).")
    long offlineSeed;

    @Option(
            names = "--sched",
            paramLabel = "KEY=VALUE,...",
            description = "Attention scheduler options for every arm, e.g. lr=0.05,update-every=10 (learn, seed and "
                    + "weights are the arms' own).")
    String sched;

    @Override
    public void run() {
        csv.check();
        SonaEval.Plan plan = plan();
        SonaEval.Report r;
        try (Progress p = new Progress(session, "sona eval")) {
            int total = plan.seeds().size() * plan.arms().size();
            r = SonaEval.run(Kernels.get(), plan, done -> p.update(done, total, "runs"), session::isInterrupted);
        }
        csv.write(session.json(), r);
        print(r, () -> SonaEvalTables.render(r));
    }

    /** The evaluation plan from the options, checked. */
    private SonaEval.Plan plan() {
        if (seeds.count() > 100) {
            throw new KosException("--seeds: at most 100 seeds, got " + seeds.count());
        }
        if (settings.lambda == 0) {
            throw new KosException("--lambda of full SONA must be 100..15000 (the no-EWC++ arm already runs with 0)");
        }
        boolean forgetting = preset != null;
        if (forgetting && !preset.equals("forgetting")) {
            throw new KosException("--preset: the only preset is 'forgetting', got '" + preset + "'");
        }
        if (forgetting && (mixA != null || mixB != null)) {
            throw new KosException("--preset forgetting sets the mixes; leave out --mix-a and --mix-b");
        }
        SonaConfig sona = settings.applyTo(
                forgetting ? SonaReport.forgettingConfig() : SonaConfig.defaults(AttentionSonaModel.TARGETS, 0));
        Map<String, String> schedMap = new java.util.TreeMap<>(forgetting ? SonaReport.FORGETTING_SCHED : Map.of());
        schedMap.putAll(schedOptions(sched));
        List<Long> seedList = seeds.list();
        long windowNs = Quantities.parseDuration(window);
        long phaseNs = phase.ns();
        if (windowNs <= 0 || windowNs > phaseNs) {
            throw new KosException("--window must be positive and at most --phase");
        }
        return new SonaEval.Plan(
                forgetting ? "prio-short" : mixA == null ? "batch" : mixA,
                forgetting ? "prio-long" : mixB == null ? "interactive" : mixB,
                phaseNs,
                load,
                cpus,
                seedList,
                windowNs,
                offlineSeed,
                2000,
                sona,
                schedMap,
                ablation);
    }

    /** {@code KEY=VALUE,...} into a map; null or blank is none. Malformed: one line. */
    static Map<String, String> schedOptions(String text) {
        Map<String, String> out = new java.util.TreeMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new KosException("--sched: expected KEY=VALUE,..., got '" + part.trim() + "'");
            }
            out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return out;
    }
}
