package kos.shell.loractl;

import java.nio.file.Path;
import kos.lora.peft.AdapterFiles;
import kos.lora.peft.AdapterForward;
import kos.lora.peft.BaseWeights;
import kos.lora.peft.PeftAdapter;
import kos.lora.train.DatasetFiles;
import kos.nn.Linear;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import kos.sim.SafeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loractl forward}: one module with an adapter applied to one input vector ({@link AdapterForward}). */
@Command(
        name = "forward",
        description = {
            "Apply a module's layer with an adapter to an input vector and print the output.",
            "y = W x + b + scaling * B (A x). The base weight is the safetensors tensor <module>.weight",
            "(as Hugging Face checkpoints name it) or the file's only tensor; the input is a JSON array."
        })
final class ForwardCommand extends JsonCommand {
    @Option(
            names = "--base",
            paramLabel = "FILE",
            description = "Base weights (safetensors; default: the adapter's own base_model.safetensors).")
    Path base;

    @Option(
            names = "--adapter",
            required = true,
            paramLabel = "DIR",
            description = "An adapter directory (or a name in the models directory).")
    String adapter;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE",
            description = "The input vector: a JSON array of numbers.")
    Path input;

    @Option(names = "--module", paramLabel = "NAME", description = "The module (default: the adapter's only module).")
    String module;

    @Mixin
    ModelsOption models = new ModelsOption();

    record Report(String module, int in, int out, float[] output) {}

    @Override
    public void run() {
        PeftAdapter a;
        Linear l;
        try (AdapterFiles.Opened o = AdapterFiles.open(adapter, models.get())) {
            a = o.adapter();
            String mod = AdapterForward.module(a, module);
            boolean t = a.config().fanInFanOut();
            l = base != null
                    ? BaseWeights.loadBase(base, mod, t)
                    : BaseWeights.loadBase(
                            o.ownBase(adapter),
                            SafeText.quote(
                                    o.dir().resolve(PeftAdapter.BASE_FILE).toString()),
                            mod,
                            t);
        }
        float[] y = AdapterForward.apply(a, l, DatasetFiles.readVector(input));
        Report r = new Report(l.name(), l.inFeatures(), l.outFeatures(), y);
        print(r, () -> render(y));
    }

    private static String render(float[] y) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < y.length; i++) {
            sb.append(i == 0 ? "" : " ").append(y[i]);
        }
        return sb.toString();
    }
}
