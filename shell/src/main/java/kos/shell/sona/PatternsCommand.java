package kos.shell.sona;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sona.LoopCoordinator;
import kos.sona.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sona patterns}. */
@Command(
        name = "patterns",
        description = {
            "The ReasoningBank's patterns, heaviest first (N, default 10).",
            "--save FILE writes them as safetensors; --load FILE replaces them (the file",
            "is checked first: nothing changes on error)."
        })
final class PatternsCommand extends JsonCommand {
    /** One pattern in {@code sona patterns}. */
    record PatternView(
            long id, long size, double weight, double quality, long accesses, int exemplars, double createdS) {

        static PatternView of(Pattern p) {
            return new PatternView(
                    p.id(), p.size(), p.weight(), p.quality(), p.accessCount(), p.exemplars(), p.createdNs() / 1e9);
        }
    }

    @Parameters(
            index = "0",
            arity = "0..1",
            defaultValue = "10",
            paramLabel = "N",
            description = "How many (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--save", paramLabel = "FILE", description = "Write the patterns to FILE.")
    Path save;

    @Option(names = "--load", paramLabel = "FILE", description = "Replace the patterns by those in FILE.")
    Path load;

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
        List<PatternView> rows = ps.stream().limit(n).map(PatternView::of).toList();
        print(rows, () -> ps.size() + " pattern(s)\n" + render(rows));
    }

    private static String render(List<PatternView> rows) {
        TextTable t = new TextTable("id", "size", "weight", "quality", "accesses", "exemplars", "created (s)");
        rows.forEach(r -> t.row(
                r.id(),
                r.size(),
                String.format(Locale.ROOT, "%.1f", r.weight()),
                SonaCommand.f(r.quality()),
                r.accesses(),
                r.exemplars(),
                String.format(Locale.ROOT, "%.1f", r.createdS())));
        return t.toString();
    }
}
