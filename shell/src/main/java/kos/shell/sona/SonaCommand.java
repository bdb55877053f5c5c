package kos.shell.sona;

import kos.shell.CommandGroup;
import kos.shell.JsonOption;
import kos.shell.Output;
import kos.shell.Progress;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.simd.Kernels;
import kos.sona.EwcPlusPlus;
import kos.sona.LoopCoordinator;
import kos.sona.Pattern;
import kos.sona.SonaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** {@code sona}: SONA continual learning of the attention scheduler (docs/sona.md). */
@Command(name = "sona",
        description = {"SONA continual learning for the attention scheduler.",
                "MicroLoRA per decision (loop A); BaseLoRA, patterns and EWC++ every",
                "few simulated seconds (loop B); consolidation and dreams on demand",
                "(loop C). Off until 'sona on'. See docs/sona.md."},
        subcommands = {SonaCommand.Status.class, SonaCommand.Loops.class, SonaCommand.Patterns.class,
                SonaCommand.Ewc.class,
                SonaCommand.On.class, SonaCommand.Off.class, EvalCommand.class})
public final class SonaCommand extends CommandGroup {

    static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** What {@code sona status} reports. */
    record StatusView(boolean on, String settings, LoopCoordinator.Status status) {
    }

    @Command(name = "status",
            description = {"The feature gate, the settings and SONA's counters.",
            "Decisions, loops, trajectory buffer, patterns, EWC++."})
    static final class Status extends ShellCommand {
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            SonaShell sh = SonaShell.of(session);
            LoopCoordinator lc = sh.coordinator();
            StatusView v = new StatusView(sh.on(session), sh.describe(), lc == null ? null : lc.status());
            Output.print(session, json.enabled(), v, () -> {
                TextTable t = new TextTable("field", "value").row("sona", sh.on(session) ? "on" : "off").row("settings",
                        v.settings());
                if (lc == null) {
                    return t.row("state", "not run yet ('schedctl transformer on', then 'sona on')").toString();
                }
                LoopCoordinator.Status s = v.status();
                return t.row("decisions (loop A)", s.decisions() + " (MicroLoRA applied " + s.microApplies() + "x)")
                        .row("trajectory buffer", s.buffered() + "/" + s.bufferCapacity() + ", " + s.recorded()
                                + " recorded, "
                                + s.dropped() + " dropped")
                        .row("loop B / loop C", s.loopBRuns() + " / " + s.loopCRuns() + " runs, " + s.baseSteps()
                                + " BaseLoRA steps, "
                                + s.dreams() + " dreams")
                        .row("task boundaries", s.boundaries() + " (EWC++ remembers " + s.ewcTasks() + ")")
                        .row("patterns", s.patterns())
                        .row("prediction loss (avg)", f(s.lossEwma()))
                        .row("reward baseline", f(s.baseline()))
                        .row("|B| micro / base", f(s.microNormB()) + " / " + f(s.baseNormB())).toString();
            });
        }
    }

    /** One loop's row in {@code sona loops}. */
    record LoopView(String loop, String when, long runs, String wallTime) {
    }

    @Command(name = "loops",
            description = {"The three learning loops: when, how often, wall-clock cost.",
                    "--run b|c runs Loop B or Loop C (consolidation and dreams) now."})
    static final class Loops extends ShellCommand {
        @Option(names = "--run", paramLabel = "b|c", description = "Run Loop B or Loop C now.")
        String runNow;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            LoopCoordinator lc = SonaShell.of(session).requireCoordinator();
            if (runNow != null) {
                long now = session.sim().now();
                switch (runNow.toLowerCase(Locale.ROOT)) {
                    case "b" -> lc.loopB(now);
                    case "c" -> {
                        LoopCoordinator.LoopCResult r = lc.loopC(now);
                        session.err().println("loop C: " + r.dreams() + " dreams, " + r.pruned() + " patterns pruned, "
                                + r.merged()
                                + " merged, " + r.patterns() + " left");
                    }
                    default -> throw new KosException("--run expects b or c, got '" + runNow + "'");
                }
            }
            LoopCoordinator.Status s = lc.status();
            SonaConfig c = lc.config();
            List<LoopView> rows = List.of(
                    new LoopView("A", "every decision (MicroLoRA applied every " + c.applyEvery() + ")", s.decisions(),
                            Quantities.formatDuration(s.loopANanos())),
                    new LoopView("B", "every " + Quantities.formatDuration(c.loopBPeriodNs()) + " of virtual time",
                            s.loopBRuns(),
                            Quantities.formatDuration(s.loopBNanos())),
                    new LoopView("C", "on demand and at task boundaries (" + c.dreamSteps() + " dreams)", s.loopCRuns(),
                            Quantities.formatDuration(s.loopCNanos())));
            Output.print(session, json.enabled(), rows, () -> {
                TextTable t = new TextTable("loop", "runs", "wall time", "when");
                rows.forEach(r -> t.row(r.loop(), r.runs(), r.wallTime(), r.when()));
                return t.toString();
            });
        }
    }

    /** One pattern in {@code sona patterns}. */
    record PatternView(long id, long size, double weight, double quality, long accesses, int exemplars,
            double createdS) {
    }

    @Command(name = "patterns", description = {"The ReasoningBank's patterns, heaviest first (N, default 10).",
            "--save FILE writes them as safetensors; --load FILE replaces them (the file",
            "is checked first: nothing changes on error)."})
    static final class Patterns extends ShellCommand {
        @Parameters(index = "0", arity = "0..1", defaultValue = "10", paramLabel = "N",
                description = "How many (default ${DEFAULT-VALUE}).")
        int n;
        @Option(names = "--save", paramLabel = "FILE", description = "Write the patterns to FILE.")
        Path save;
        @Option(names = "--load", paramLabel = "FILE", description = "Replace the patterns by those in FILE.")
        Path load;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            if (n < 1) {
                throw new KosException("N must be positive, got " + n);
            }
            LoopCoordinator lc = SonaShell.of(session).requireCoordinator();
            if (load != null) {
                lc.bank().load(load);
                session.err().println("loaded " + lc.bank().size() + " patterns from " + load);
            }
            if (save != null) {
                lc.bank().save(save);
                session.err().println("saved " + lc.bank().size() + " patterns to " + save);
            }
            List<Pattern> ps = new ArrayList<>(lc.bank().patterns());
            ps.sort(Comparator.comparingDouble((Pattern p) -> -p.weight()).thenComparingLong(Pattern::id));
            List<PatternView> rows = ps.stream().limit(n).map(p -> new PatternView(p.id(), p.size(), p.weight(),
                    p.quality(),
                    p.accessCount(), p.exemplars(), p.createdNs() / 1e9)).toList();
            Output.print(session, json.enabled(), rows, () -> {
                TextTable t = new TextTable("id", "size", "weight", "quality", "accesses", "exemplars", "created (s)");
                rows.forEach(r -> t.row(r.id(), r.size(), String.format(Locale.ROOT, "%.1f", r.weight()),
                        f(r.quality()), r.accesses(),
                        r.exemplars(), String.format(Locale.ROOT, "%.1f", r.createdS())));
                return ps.size() + " pattern(s)\n" + t;
            });
        }
    }

    /** What {@code sona ewc} reports. */
    record EwcView(float lambda, float fisherDecay, int tasks, int maxTasks, long boundaries, double lastZ,
            double threshold,
                   double meanFisher) {
    }

    @Command(name = "ewc",
            description = {"EWC++: lambda, remembered tasks, Fisher, task boundaries.",
                    "--lambda L sets lambda (0 = off, else 100..15000); a value out",
                    "of range changes nothing."})
    static final class Ewc extends ShellCommand {
        @Option(names = "--lambda", paramLabel = "L", description = "New lambda: 0 or 100..15000.")
        Float lambda;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            SonaShell sh = SonaShell.of(session);
            if (lambda != null) {
                EwcPlusPlus.checkLambda(lambda);
                sh.config = sh.config.withLambda(lambda);
                if (sh.coordinator() == null) {
                    session.out().println("EWC++ lambda " + lambda + " for the next 'sona on'");
                    return;
                }
                sh.coordinator().lambda(lambda);
            }
            LoopCoordinator lc = sh.requireCoordinator();
            LoopCoordinator.Status s = lc.status();
            EwcView v = new EwcView(lc.ewc().lambda(), lc.ewc().decay(), lc.ewc().tasks(), lc.ewc().maxTasks(),
                    s.boundaries(),
                    s.lastBoundaryZ(), lc.config().boundaryZ(), lc.ewc().meanFisher());
            Output.print(session, json.enabled(), v, () -> new TextTable("field", "value")
                    .row("lambda", v.lambda() == 0 ? "0 (off)" : v.lambda())
                    .row("Fisher decay", v.fisherDecay())
                    .row("tasks remembered", v.tasks() + " of " + v.maxTasks())
                    .row("task boundaries", v.boundaries() + " (z-score threshold " + v.threshold() + ", last z "
                            + f(v.lastZ()) + ")")
                    .row("mean Fisher", String.format(Locale.ROOT, "%.3g", v.meanFisher())).toString());
        }
    }

    @Command(name = "on",
            description = {"Turn SONA on for the active attention scheduler.",
                    "Run 'schedctl transformer on' first. Its six projections get a",
                    "MicroLoRA and a BaseLoRA each; the base stays frozen while SONA is on."})
    static final class On extends ShellCommand {
        @Option(names = "--rank", paramLabel = "R", description = "MicroLoRA rank, 1 or 2 (default 2).")
        Integer rank;
        @Option(names = "--lambda", paramLabel = "L", description = "EWC++ lambda: 0 or 100..15000 (default 2000).")
        Float lambda;
        @Option(names = "--loop-b", paramLabel = "DURATION",
                description = "Loop B period in virtual time (default 2s).")
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
                c = new SonaConfig(c.targets(), c.microRank(), c.microLr(), c.applyEvery(), c.microDecay(),
                        c.baseRank(), c.baseAlpha(),
                        c.baseLr(), c.batch(), ns, c.lambda(), c.fisherDecay(), c.maxTasks(), c.boundaryZ(),
                                c.boundaryWindow(),
                        c.clusters(), c.maxPatterns(), c.dreamSteps(), c.dreamOnBoundary(), c.reinforceWeight(),
                                c.temperature(),
                        c.bufferCapacity(), c.seed());
            }
            sh.enable(session, c);
            session.out().println("sona on: " + sh.describe());
        }
    }

    @Command(name = "off",
            description = "Turn SONA off: the attention scheduler's projections go back to their base layers.")
    static final class Off extends ShellCommand {
        @Override
        public void run() {
            SonaShell sh = SonaShell.of(session);
            sh.disable();
            session.out().println("sona off");
        }
    }

    static String kernels() {
        return Kernels.get().name();
    }
}
