package kos.shell.schedctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kos.attn.AttentionModel;
import kos.attn.AttentionPolicy;
import kos.attn.DefaultWeights;
import kos.nn.Safetensors;
import kos.sched.Scheduler;
import kos.shell.JsonCommand;
import kos.shell.ShellCommand;
import kos.shell.app.AttentionWiring;
import kos.shell.app.FeatureGates;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code schedctl transformer}: the attention scheduler's switch, statistics, explanations and weights. */
@Command(
        name = "transformer",
        description = {
            "The attention scheduler: on/off, statistics, explanations, weights.",
            "The single-head self-attention scheduler (policy 'attention'): turn it on or off, its statistics,",
            "why it made its last decision, and its weights (save, load, train). See docs/attention-scheduler.md."
        },
        subcommands = {
            TransformerCommand.On.class,
            TransformerCommand.Off.class,
            TransformerStatsCommand.class,
            TransformerCommand.Reset.class,
            TransformerExplainCommand.class,
            TransformerCommand.Save.class,
            TransformerCommand.Load.class,
            TransformerTrainCommand.class,
            AdaptCommand.Adapt.class,
            AdaptCommand.Adapter.class,
            DiagnoseCommand.class
        })
public final class TransformerCommand extends ShellCommand {

    @Override
    public void run() {
        runDefault(new TransformerStatsCommand());
    }

    /** {@code --key value} pairs after a subcommand, as policy parameters. */
    static Map<String, String> options(List<String> words) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || w.length() == 2) {
                throw new KosException(
                        "unexpected '" + w + "': expected --option value (see 'schedctl policy --list')");
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

    public record Switch(String policy, String previous, String description) {}

    @Command(
            name = "on",
            description = {
                "Make the attention scheduler the active policy.",
                "Optional parameters as for 'schedctl policy attention', e.g.",
                "  schedctl transformer on --optimizer adam --lr 0.003 --error-bound 2",
                "'schedctl transformer off' goes back to the policy that was active before."
            })
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
            Switch r =
                    new Switch(AttentionPolicy.NAME, before.name(), s.policy().description());
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
            Switch r = new Switch(
                    s.policy().name(), AttentionPolicy.NAME, s.policy().description());
            print(r, () -> "attention scheduler off: " + r.description());
        }
    }

    /** The JSON of {@code stats}: the policy's counters and the dashboard's latency percentiles (wall clock). */
    @Command(
            name = "reset",
            description =
                    "Reload the configured weights (the shipped default unless --weights was given) and forget the replay buffer, error and counters.")
    static final class Reset extends ShellCommand {

        @Override
        public void run() {
            AttentionPolicy p = AttentionWiring.active(session);
            AttentionModel fresh = DefaultWeights.create(
                    p.model().kernels(), p.config().weights(), p.config().seed());
            p.model().copyFrom(fresh);
            p.resetState();
            session.out()
                    .println("attention scheduler reset: weights " + p.config().weights() + ", statistics cleared");
            session.out().flush();
        }
    }

    @Command(name = "save", description = "Write the current weights as safetensors (atomically).")
    static final class Save extends ShellCommand {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public void run() {
            AttentionPolicy p = AttentionWiring.active(session);
            p.model()
                    .save(
                            file,
                            Map.of(
                                    "saved_by",
                                    "schedctl transformer save",
                                    "learning_steps",
                                    Long.toString(p.stats().learningSteps())));
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
}
