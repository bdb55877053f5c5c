package kos.shell.loractl;

import java.util.ArrayList;
import java.util.List;
import kos.lora.peft.ModelsDir;
import kos.lora.peft.PeftAdapter;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import kos.shell.TextTable;
import kos.sim.Quantities;
import kos.sim.SafeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code loractl list}: the adapters in the models directory, broken ones with their problem. */
@Command(name = "list", description = "List the adapters in the models directory.")
final class ListCommand extends JsonCommand {
    @Mixin
    ModelsOption models = new ModelsOption();

    /** One adapter; {@code error} is set, and the rest empty, when it cannot be read. */
    record Row(
            String name,
            List<String> modules,
            int r,
            double loraAlpha,
            long parameters,
            long sizeOnDisk,
            String error) {

        static Row of(String name, ModelsDir.Status st) {
            PeftAdapter a = st.adapter();
            return a == null
                    ? new Row(name, List.of(), 0, 0, 0, st.sizeOnDisk(), st.problem())
                    : new Row(
                            name,
                            List.copyOf(a.modules().keySet()),
                            a.config().r(),
                            a.config().loraAlpha(),
                            a.parameterCount(),
                            st.sizeOnDisk(),
                            null);
        }
    }

    @Override
    public void run() {
        ModelsDir m = models.get();
        List<Row> rows = new ArrayList<>();
        for (String name : m.list()) {
            rows.add(Row.of(name, m.status(name)));
        }
        print(rows, () -> render(m, rows));
    }

    private static String render(ModelsDir m, List<Row> rows) {
        if (rows.isEmpty()) {
            return "(no adapters in " + m.root() + ")";
        }
        TextTable t = new TextTable("name", "modules", "r", "alpha", "params", "size");
        for (Row r : rows) {
            String size = Quantities.formatBytes(r.sizeOnDisk());
            if (r.error() != null) {
                t.row(r.name(), "broken: " + SafeText.quote(r.error(), 120), "-", "-", "-", size);
            } else {
                t.row(
                        r.name(),
                        String.join(",", r.modules()),
                        r.r(),
                        LoractlCommand.num(r.loraAlpha()),
                        r.parameters(),
                        size);
            }
        }
        return "adapters in " + m.root() + "\n" + t;
    }
}
