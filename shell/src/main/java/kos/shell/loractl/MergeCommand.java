package kos.shell.loractl;

import java.nio.file.Path;
import java.util.List;
import kos.lora.peft.AdapterFiles;
import kos.lora.peft.AdapterMerge;
import kos.lora.peft.PeftAdapter;
import kos.nn.Safetensors;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import kos.sim.SafeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loractl merge}: writes an adapter merged into its base weights; the merge is {@link AdapterMerge}. */
@Command(
        name = "merge",
        description = {
            "Merge an adapter into base weights and write them to a new safetensors file.",
            "W += scaling * B A for each module of the adapter; other tensors of the base are copied.",
            "Refuses to produce NaN or Inf."
        })
final class MergeCommand extends JsonCommand {
    @Parameters(paramLabel = "NAME|DIR", description = "The adapter.")
    String name;

    @Option(
            names = "--base",
            paramLabel = "FILE",
            description = "Base weights (default: the adapter's own base_model.safetensors).")
    Path base;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the merged weights.")
    Path out;

    @Mixin
    ModelsOption models = new ModelsOption();

    record Report(String adapter, String base, String out, List<String> modules) {}

    @Override
    public void run() {
        Report r;
        try (AdapterFiles.Opened o = AdapterFiles.open(name, models.get())) {
            String baseName = base != null
                    ? base.toString()
                    : o.dir().resolve(PeftAdapter.BASE_FILE).toString();
            AdapterMerge.Merged m = AdapterMerge.mergeTo(
                    out,
                    o.adapter(),
                    o.dir(),
                    base != null ? Safetensors.read(base) : o.ownBase(name),
                    SafeText.quote(baseName));
            r = new Report(o.dir().toString(), baseName, out.toString(), m.modules());
        }
        print(
                r,
                () -> "merged " + String.join(", ", r.modules()) + " of " + r.adapter() + " into " + r.base() + " -> "
                        + r.out());
    }
}
