package kos.shell.schedctl;

import java.util.Locale;
import kos.attn.AttentionPolicy;
import kos.lora.peft.PeftAdapter;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.shell.app.AttentionAdaptation;
import kos.shell.app.AttentionWiring;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code schedctl transformer adapt} and {@code schedctl transformer adapter use|none}: per-workload
 * LoRA adapters on the attention scheduler's projections; the fitting is {@link AttentionAdaptation}.
 */
final class AdaptCommand {
    private AdaptCommand() {}

    @Command(
            name = "adapt",
            description = {
                "Fine-tune a LoRA adapter for one workload: collect decisions of the shipped base model on that",
                "workload, train adapters on q_proj/k_proj/v_proj/o_proj with the base frozen, and report the accuracy",
                "(predicted burst within 25%% of the observed one) on held-out decisions before and after.",
                "The adapter is saved in PEFT format under the models directory as NAME (default: the workload)."
            })
    static final class Adapt extends JsonCommand {
        @Option(
                names = "--workload",
                required = true,
                paramLabel = "MIX",
                description = "A task mix: interactive, batch, io-bound, mixed, heavy-tail, realtime.")
        String workload;

        @Option(
                names = "--examples",
                defaultValue = "100",
                paramLabel = "N",
                description = "Training decisions (default ${DEFAULT-VALUE}); as many again are held out.")
        int examples;

        @Option(
                names = "--rank",
                defaultValue = "4",
                paramLabel = "R",
                description = "LoRA rank (default ${DEFAULT-VALUE}); alpha = 2 R.")
        int rank;

        @Option(
                names = "--epochs",
                defaultValue = "40",
                paramLabel = "N",
                description = "Passes over the training decisions (default ${DEFAULT-VALUE}).")
        int epochs;

        @Option(
                names = "--lr",
                defaultValue = "0.01",
                paramLabel = "LR",
                description = "Adam learning rate (default ${DEFAULT-VALUE}).")
        float lr;

        @Option(names = "--name", paramLabel = "NAME", description = "Adapter name (default: the workload).")
        String name;

        @Option(names = "--force", description = "Replace an existing adapter of the same name.")
        boolean force;

        @Mixin
        ModelsOption models = new ModelsOption();

        @Override
        public void run() {
            AttentionAdaptation.Report r = AttentionAdaptation.adapt(
                    new AttentionAdaptation.Request(
                            workload, name != null ? name : workload, examples, rank, epochs, lr, session.seed()),
                    models.get(),
                    force);
            print(r, () -> render(r));
        }

        private static String render(AttentionAdaptation.Report r) {
            return new TextTable("field", "value")
                    .row("adapter", r.name() + " (" + r.directory() + ")")
                    .row("workload", r.workload())
                    .row("decisions", r.trainExamples() + " to train, " + r.heldOutExamples() + " held out")
                    .row("rank", r.rank() + " on " + String.join(", ", AttentionAdaptation.TARGETS) + " (base frozen)")
                    .row(
                            "accuracy (within 25%)",
                            String.format(
                                    Locale.ROOT,
                                    "%.1f%% -> %.1f%% (%+.1f points)",
                                    100 * r.accuracyBefore(),
                                    100 * r.accuracyAfter(),
                                    100 * (r.accuracyAfter() - r.accuracyBefore())))
                    .row("trainable parameters", r.trainableParameters())
                    .row("size on disk", Quantities.formatBytes(r.sizeOnDisk()))
                    .row(
                            "wall time",
                            "training " + Quantities.formatDuration(r.trainWallNs()) + ", in all "
                                    + Quantities.formatDuration(r.totalWallNs()) + " (with collecting the decisions)")
                    .toString();
        }
    }

    @Command(
            name = "adapter",
            description = {
                "Switch the running attention scheduler's adapter: 'use NAME' attaches a saved adapter to its",
                "projections (replacing any other), 'none' goes back to the base model. One base serves every workload."
            })
    static final class Adapter extends ShellCommand {
        @Parameters(index = "0", paramLabel = "use|none", description = "use or none.")
        String action;

        @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The adapter (with use).")
        String name;

        @Mixin
        ModelsOption models = new ModelsOption();

        @Override
        public void run() {
            AttentionPolicy p = AttentionWiring.active(session);
            switch (action) {
                case "none" -> {
                    AttentionAdaptation.detach(p.model());
                    p.learner().rebuild();
                    session.out().println("attention scheduler: base model, no adapter");
                }
                case "use" -> {
                    if (name == null) {
                        throw new KosException("adapter use needs a NAME (see 'loractl list')");
                    }
                    PeftAdapter adapter = AttentionAdaptation.attach(p.model(), models.get(), name, session.seed());
                    p.learner().rebuild();
                    session.out()
                            .println("attention scheduler: adapter " + name + " on "
                                    + String.join(", ", adapter.modules().keySet()) + " (" + adapter.parameterCount()
                                    + " parameters)");
                }
                default -> throw new KosException("expected 'use NAME' or 'none', got '" + action + "'");
            }
        }
    }
}
