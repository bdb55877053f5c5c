package kos.shell.loractl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import kos.lora.peft.AdapterConfig;
import kos.lora.peft.AdapterFiles;
import kos.lora.peft.ModelsDir;
import kos.lora.peft.PeftAdapter;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import kos.shell.TextTable;
import kos.sim.Quantities;
import kos.sim.SafeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code loractl info}: one adapter's shapes, rank, scaling, size and metadata. */
@Command(
        name = "info",
        description = "Show an adapter: shapes, rank, alpha, scaling, parameter count, size on disk, metadata.")
final class InfoCommand extends JsonCommand {
    @Parameters(
            paramLabel = "NAME|DIR",
            description = "An adapter name in the models directory, or an adapter directory.")
    String name;

    @Mixin
    ModelsOption models = new ModelsOption();

    /** One module of an adapter. */
    record ModuleView(
            String module, List<Integer> loraA, List<Integer> loraB, int rank, String dtype, long parameters) {}

    /** What info reports. */
    record InfoView(
            String name,
            String path,
            int r,
            double loraAlpha,
            double scaling,
            boolean useRslora,
            double loraDropout,
            List<String> targetModules,
            long parameters,
            long sizeOnDisk,
            String size,
            List<ModuleView> modules,
            SortedMap<String, String> metadata) {
        static InfoView of(String name, Path dir, PeftAdapter a, long size) {
            List<ModuleView> ms = new ArrayList<>();
            a.modules()
                    .forEach((m, w) -> ms.add(new ModuleView(
                            m,
                            List.of(w.r(), w.in()),
                            List.of(w.out(), w.r()),
                            w.r(),
                            w.dtype().name(),
                            w.parameterCount())));
            AdapterConfig c = a.config();
            return new InfoView(
                    name,
                    dir.toString(),
                    c.r(),
                    c.loraAlpha(),
                    c.scaling(),
                    c.useRslora(),
                    c.loraDropout(),
                    c.targetModules(),
                    a.parameterCount(),
                    size,
                    Quantities.formatBytes(size),
                    ms,
                    a.metadata());
        }
    }

    @Override
    public void run() {
        InfoView v;
        try (AdapterFiles.Opened o = AdapterFiles.open(name, models.get())) {
            v = InfoView.of(name, o.dir(), o.adapter(), ModelsDir.sizeOnDisk(o.handle()));
        }
        print(v, () -> render(v));
    }

    private static String render(InfoView v) {
        TextTable t = new TextTable("module", "lora_A", "lora_B", "dtype", "params");
        v.modules()
                .forEach(m -> t.row(SafeText.quote(m.module(), 80), m.loraA(), m.loraB(), m.dtype(), m.parameters()));
        StringBuilder sb = new StringBuilder();
        sb.append("adapter ")
                .append(SafeText.quote(v.name()))
                .append(" (")
                .append(SafeText.quote(v.path()))
                .append(")\n");
        sb.append(String.format(
                Locale.ROOT,
                "r %d, lora_alpha %s, scaling %s%s, dropout %s, %d parameters, %s on disk%n",
                v.r(),
                LoractlCommand.num(v.loraAlpha()),
                LoractlCommand.num(v.scaling()),
                v.useRslora() ? " (rsLoRA)" : "",
                LoractlCommand.num(v.loraDropout()),
                v.parameters(),
                v.size()));
        sb.append(t);
        if (!v.metadata().isEmpty()) {
            sb.append("metadata\n");
            v.metadata()
                    .forEach((k, val) -> sb.append("  ")
                            .append(SafeText.quote(k, 80))
                            .append(" = ")
                            .append(SafeText.quote(val))
                            .append('\n'));
        }
        return sb.toString();
    }
}
