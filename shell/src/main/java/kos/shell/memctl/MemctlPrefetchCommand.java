package kos.shell.memctl;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import kos.insights.ml.Pipeline;
import kos.insights.prefetch.MemoryAccessModel;
import kos.mem.PageCache;
import kos.mem.Prefetcher;
import kos.mem.ReadaheadPrefetcher;
import kos.mem.StridePrefetcher;
import kos.ml.registry.ModelVersion;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import kos.shell.OnOff;
import kos.shell.TextTable;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memctl prefetch on|off|stats}: the page cache's prefetcher. */
@Command(
        name = "prefetch",
        description = {
            "The page cache's prefetcher: 'on' uses kos's (stride and correlation tables with the",
            "promoted memory-access model as filter; the unfiltered tables if none is trained), or --with readahead|tables;",
            "'off' prefetches nothing; 'stats' (the default) shows hit rate, prefetch accuracy and waste since the last switch.",
            "Pages are read by 'workload start file-access'. See docs/ml-pipeline.md."
        })
public final class MemctlPrefetchCommand extends JsonCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "on|off|stats", defaultValue = "stats")
    String action;

    @Option(names = "--with", paramLabel = "NAME", description = "With 'on': kos (default), readahead or tables.")
    String with = "kos";

    @Mixin
    ModelsOption models = new ModelsOption();

    /** What {@code memctl prefetch stats} reports. */
    public record View(
            String prefetcher,
            int capacityPages,
            int residentPages,
            long accesses,
            long hits,
            double hitRate,
            long prefetchIssued,
            long prefetchUsed,
            long prefetchWasted,
            double prefetchAccuracy,
            double nextPageAccuracy) {

        static View of(PageCache.Stats s) {
            return new View(
                    s.prefetcher(),
                    s.capacity(),
                    s.resident(),
                    s.accesses(),
                    s.hits(),
                    s.hitRate(),
                    s.prefetchIssued(),
                    s.prefetchUsed(),
                    s.prefetchWasted(),
                    s.prefetchAccuracy(),
                    s.nextPageAccuracy());
        }

        String render() {
            return new TextTable("field", "value")
                    .row("prefetcher", prefetcher)
                    .row("cache", residentPages + " of " + capacityPages + " pages resident")
                    .row("accesses / hits", accesses + " / " + hits + " (" + Pipeline.pct(hitRate) + ")")
                    .row(
                            "prefetches issued / used / wasted",
                            prefetchIssued + " / " + prefetchUsed + " / " + prefetchWasted)
                    .row("prefetch accuracy", Pipeline.pct(prefetchAccuracy))
                    .row("next-page accuracy", Pipeline.pct(nextPageAccuracy))
                    .toString();
        }
    }

    @Override
    public void run() {
        PageCache cache = PageCache.of(session.sim());
        if (!action.equals("stats")) {
            boolean on = OnOff.parse(action, "memctl prefetch");
            cache.prefetcher(on ? choose() : Prefetcher.NONE);
            String name = cache.prefetcher().name();
            print(
                    Map.of("prefetcher", name),
                    () -> "prefetch " + (on ? "on: " + name : "off") + " (page cache counters reset)");
            return;
        }
        View v = View.of(cache.stats());
        print(v, v::render);
    }

    private Prefetcher choose() {
        return switch (with.toLowerCase(Locale.ROOT)) {
            case "readahead" -> new ReadaheadPrefetcher();
            case "tables" -> StridePrefetcher.tables();
            case "kos" -> {
                Pipeline p = new Pipeline(models.get().root());
                Optional<ModelVersion> v = p.registry()
                        .promoted(MemoryAccessModel.NAME)
                        .or(() -> p.registry().latest(MemoryAccessModel.NAME));
                if (v.isEmpty()) {
                    session.err()
                            .println(
                                    "no trained memory-access model (ml collect/train memory-access): using the unfiltered tables");
                    yield StridePrefetcher.tables();
                }
                yield MemoryAccessModel.prefetcher(p.load(v.get()));
            }
            default -> throw new KosException("--with " + with + ": expected kos, readahead or tables");
        };
    }
}
