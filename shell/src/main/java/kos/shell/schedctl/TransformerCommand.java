package kos.shell.schedctl;

import kos.shell.app.AttentionWiring;
import kos.shell.app.FeatureGates;
import kos.attn.AttentionModel;
import kos.attn.AttentionPolicy;
import kos.attn.DefaultWeights;
import kos.attn.Trainer;
import kos.insights.dashboard.LatencyStats;
import kos.nn.Safetensors;
import kos.sched.Scheduler;
import kos.shell.JsonCommand;
import kos.shell.JsonOption;
import kos.shell.Output;
import kos.shell.Progress;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sim.TelemetryNames;
import kos.simd.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code schedctl transformer}: the attention scheduler's switch, statistics, explanations and weights. */
@Command(name = "transformer",
        description = {"The attention scheduler: on/off, statistics, explanations, weights.",
                "The single-head self-attention scheduler (policy 'attention'): turn it on or off, its statistics,",
                "why it made its last decision, and its weights (save, load, train). See docs/attention-scheduler.md."},
        subcommands = {TransformerCommand.On.class, TransformerCommand.Off.class, TransformerCommand.Stats.class,
                TransformerCommand.Reset.class, TransformerCommand.Explain.class, TransformerCommand.Save.class,
                TransformerCommand.Load.class, TransformerCommand.Train.class, AdaptCommand.Adapt.class, AdaptCommand.Adapter.class,
                DiagnoseCommand.class})
public final class TransformerCommand extends ShellCommand {

    @Override
    public void run() {
        runDefault(new Stats());
    }

    /** {@code --key value} pairs after a subcommand, as policy parameters. */
    static Map<String, String> options(List<String> words) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || w.length() == 2) {
                throw new KosException("unexpected '" + w + "': expected --option value (see 'schedctl policy --list')");
            }
            int eq = w.indexOf('=');
            String key = eq > 0 ? w.substring(2, eq) : w.substring(2);
            String value;
            if (eq > 0) {
                value = w.substring(eq + 1);
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw new KosException("option --" + key + " needs a value");
            }
            if (m.put(key, value) != null) {
                throw new KosException("option --" + key + " given twice");
            }
        }
        return m;
    }

    public record Switch(String policy, String previous, String description) {
    }

    @Command(name = "on",
            description = {"Make the attention scheduler the active policy.", "Optional parameters as for 'schedctl policy attention', e.g.",
                    "  schedctl transformer on --optimizer adam --lr 0.003 --error-bound 2",
                    "'schedctl transformer off' goes back to the policy that was active before."})
    static final class On extends JsonCommand {
        @Unmatched
        List<String> params = new ArrayList<>();

        @Override
        public void run() {
            FeatureGates.of(session).require(FeatureGates.ATTENTION);
            Scheduler s = Scheduler.of(session.sim());
            Map<String, String> p = options(params);
            Scheduler.PolicyInfo before = s.policy();
            AttentionWiring.State st = session.extension(AttentionWiring.State.class, AttentionWiring.State::new);
            if (!before.name().equals(AttentionPolicy.NAME)) {
                st.previousPolicy = before.name();
                st.previousParams = before.params();
            }
            s.setPolicy(AttentionPolicy.NAME, p);
            AttentionWiring.active(session);
            Switch r = new Switch(AttentionPolicy.NAME, before.name(), s.policy().description());
            print(r, () -> "attention scheduler on (was " + r.previous() + "): " + r.description());
        }
    }

    @Command(name = "off", description = "Go back to the policy that was active before 'on' (CFS if none).")
    static final class Off extends JsonCommand {

        @Override
        public void run() {
            AttentionWiring.active(session);
            AttentionWiring.State st = session.extension(AttentionWiring.State.class, AttentionWiring.State::new);
            Scheduler s = Scheduler.of(session.sim());
            s.setPolicy(st.previousPolicy, st.previousParams);
            Switch r = new Switch(s.policy().name(), AttentionPolicy.NAME, s.policy().description());
            print(r, () -> "attention scheduler off: " + r.description());
        }
    }

    /** The JSON of {@code stats}: the policy's counters and the dashboard's latency percentiles (wall clock). */
    public record StatsView(AttentionPolicy.Stats policy, String description, String kernels, LatencyStats latency) {
    }

    @Command(name = "stats",
            description = {"Decisions, fallback, prediction error, learning, decision latency.",
                    "How many decisions CFS made in fallback, the prediction error, learning steps, and the decision",
                    "latency percentiles from the AI dashboard (wall clock, recorded only)."})
    static final class Stats extends JsonCommand {

        @Override
        public void run() {
            AttentionPolicy p = AttentionWiring.active(session);
            LatencyStats lat = session.dashboard().source(TelemetryNames.TRANSFORMER_SCHEDULER).stats();
            StatsView v = new StatsView(p.stats(), p.describe(), p.model().kernels().name(), lat);
            print(v, () -> render(v));
        }

        private static String render(StatsView v) {
            AttentionPolicy.Stats s = v.policy();
            TextTable t = new TextTable("stat", "value");
            t.row("mode", s.inFallback() ? "FALLBACK (cfs decides)" : "attention");
            t.row("decisions", s.decisions());
            t.row("followed (attention)", s.followed());
            t.row("made by cfs fallback", s.fallbackDecisions());
            t.row("fallback entries / exits", s.fallbackEntries() + " / " + s.fallbackExits());
            t.row("deadline-class picks", s.deadlinePicks());
            t.row("model overrides of the rank", s.modelOverrides());
            t.row("finished tasks learned (by class)", s.finishedByClass().isEmpty() ? "-" : s.finishedByClass().toString());
            t.row("aging-bound picks", s.agingPicks());
            t.row("preemptions", s.preemptions());
            t.row("prediction error (mean |ln|)", Double.isNaN(s.predictionError()) ? "-" : String.format(Locale.ROOT, "%.3f", s.predictionError()));
            t.row("prediction error by class", s.predictionErrorByClass().isEmpty() ? "-" : s.predictionErrorByClass().entrySet().stream()
                    .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.3f", e.getValue())).toList().toString());
            t.row("resolved bursts", s.errorSamples());
            t.row("learning", s.learning() ? "on (" + s.optimizer() + ", lr " + s.lr() + ")" : "off");
            t.row("learning steps", s.learningSteps());
            t.row("last batch loss", Double.isNaN(s.lastLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", s.lastLoss()));
            t.row("replay samples with targets", s.replayResolved());
            t.row("weights", s.weights());
            t.row("kernels", v.kernels());
            LatencyStats l = v.latency();
            t.row("decision latency p50/p99/p99.9", l.total() == 0 ? "-" : us(l.p50()) + " / " + us(l.p99()) + " / " + us(l.p999()) + " us (last "
                    + l.window() + ")");
            t.row("decision latency max", l.total() == 0 ? "-" : us(l.cumMax()) + " us over " + l.total());
            return v.description() + "\n" + t;
        }

        private static String us(long ns) {
            return String.format(Locale.ROOT, "%.1f", ns / 1000.0);
        }
    }

    @Command(name = "reset",
            description = "Reload the configured weights (the shipped default unless --weights was given) and forget the replay buffer, error and counters.")
    static final class Reset extends ShellCommand {

        @Override
        public void run() {
            AttentionPolicy p = AttentionWiring.active(session);
            AttentionModel fresh = DefaultWeights.create(p.model().kernels(), p.config().weights(), p.config().seed());
            p.model().copyFrom(fresh);
            p.resetState();
            session.out().println("attention scheduler reset: weights " + p.config().weights() + ", statistics cleared");
            session.out().flush();
        }
    }

    @Command(name = "explain",
            description = {"Why the last decision went the way it did.", "Every queued task's predicted burst and the attention",
                    "weight the explained task (the one that ran, or PID) put on it, and the explained task's features with",
                    "how much its prediction moves when each is zeroed."})
    static final class Explain extends JsonCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "PID", description = "A task of the last decision's run queue (default: the one that ran).")
        Long pid;

        @Override
        public void run() {
            AttentionPolicy p = AttentionWiring.active(session);
            AttentionPolicy.Explanation e = p.explain(pid == null ? -1 : pid).orElseThrow(() -> new KosException(
                    pid == null ? "no decision yet: run the simulation first" : "task " + pid + " was not in the last decision's run queue"));
            print(e, () -> render(e));
        }

        private static String render(AttentionPolicy.Explanation e) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "decision at %.3f ms%s; explaining pid %d (%s), predicted burst %.3f ms%n%n", e.timeNs() / 1e6,
                    e.byFallback() ? " made by the CFS fallback" : " made by attention", e.pid(), e.name(), e.predictedBurstMs()));
            TextTable t = new TextTable("pid", "task", "predicted ms", "attention", "waited ms", "ran");
            e.candidates().stream().sorted((a, b) -> Double.compare(b.attention(), a.attention())).limit(20).forEach(c ->
                    t.row(c.pid(), c.name(), String.format(Locale.ROOT, "%.3f", c.predictedBurstMs()),
                            String.format(Locale.ROOT, "%.3f", c.attention()), String.format(Locale.ROOT, "%.2f", c.waitMs()), c.picked() ? "*" : ""));
            sb.append(t);
            if (e.candidates().size() > 20) {
                sb.append("(").append(e.candidates().size() - 20).append(" more with less attention)\n");
            }
            sb.append('\n');
            TextTable f = new TextTable("feature", "value", "effect ms");
            e.features().forEach(c -> f.row(c.feature(), String.format(Locale.ROOT, "%.3f", c.value()), String.format(Locale.ROOT, "%+.3f", c.effect())));
            sb.append(f);
            return sb.toString();
        }
    }

    @Command(name = "save", description = "Write the current weights as safetensors (atomically).")
    static final class Save extends ShellCommand {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public void run() {
            AttentionPolicy p = AttentionWiring.active(session);
            p.model().save(file, Map.of("saved_by", "schedctl transformer save", "learning_steps", Long.toString(p.stats().learningSteps())));
            session.out().println("saved " + p.model().parameters().size() + " tensors to " + file);
            session.out().flush();
        }
    }

    @Command(name = "load", description = "Replace the current weights with a safetensors file (shapes must match).")
    static final class Load extends ShellCommand {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public void run() {
            AttentionPolicy p = AttentionWiring.active(session);
            p.model().load(Safetensors.read(file), file.toString());
            p.learner().rebuild();
            session.out().println("loaded weights from " + file);
            session.out().flush();
        }
    }

    /** The JSON of {@code train}. */
    public record TrainReport(String out, int runs, Map<String, String> metadata, double seconds) {
    }

    @Command(name = "train",
            description = {"Train weights offline and save them.", "Runs the mixes under the attention policy with learning on, one run after",
                    "another sharing one model, and save it. The shipped default was made with",
                    "  schedctl transformer train --out sched-transformer/src/main/resources/kos/attn/default.safetensors",
                    "(all options at their defaults). Deterministic: the same options give the same file."})
    static final class Train extends JsonCommand {
        @Option(names = "--workload", split = ",", paramLabel = "MIX", description = "Task mixes (default: mixed,heavy-tail,interactive,batch).")
        List<String> workloads = new ArrayList<>(List.of("mixed", "heavy-tail", "interactive", "batch"));
        @Option(names = "--loads", split = ",", paramLabel = "L", description = "Offered loads (default: 0.7,0.9).")
        List<Double> loads = new ArrayList<>(List.of(0.7, 0.9));
        @Option(names = "--cpus", split = ",", paramLabel = "N", description = "CPU counts (default: 1,4).")
        List<Integer> cpus = new ArrayList<>(List.of(1, 4));
        @Option(names = "--seeds", split = ",", paramLabel = "S", description = "Simulation seeds (default: 101,102,103,104; the eval uses 1..N).")
        List<Long> seeds = new ArrayList<>(List.of(101L, 102L, 103L, 104L));
        @Option(names = "--epochs", defaultValue = "3", description = "Passes over all runs (default ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--tasks", defaultValue = "200", description = "Tasks per run (default ${DEFAULT-VALUE}).")
        int tasks;
        @Option(names = "--init-seed", defaultValue = "7", description = "Seed of the initial weights (default ${DEFAULT-VALUE}).")
        long initSeed;
        @Option(names = "--optimizer", defaultValue = "adam", description = "sgd or adam (default ${DEFAULT-VALUE}).")
        String optimizer;
        @Option(names = "--lr", defaultValue = "0.003", description = "Learning rate (default ${DEFAULT-VALUE}).")
        String lr;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the weights (safetensors).")
        Path out;

        @Override
        public void run() {
            Map<String, String> params = new TreeMap<>(Map.of("optimizer", optimizer, "lr", lr));
            Trainer t = new Trainer(workloads, loads, cpus, seeds, epochs, tasks, initSeed, params);
            long t0 = System.nanoTime();
            AttentionModel m;
            try (Progress progress = new Progress(session, "transformer train")) {
                m = t.train(Kernels.get(), done -> {
                    session.checkInterrupted();
                    progress.update(done, t.runs(), done + "/" + t.runs() + " runs");
                });
            }
            m.save(out, t.metadata());
            TrainReport r = new TrainReport(out.toString(), t.runs(), t.metadata(), (System.nanoTime() - t0) / 1e9);
            print(r, () -> String.format(Locale.ROOT, "trained on %d runs in %.1f s; wrote %s", r.runs(), r.seconds(), r.out()));
        }
    }
}
