package kos.shell.ml;

import java.util.List;
import java.util.Locale;
import kos.insights.forecast.ReclaimDecision;
import kos.insights.forecast.WorkloadForecastModel;
import kos.insights.ml.Pipeline;
import kos.ml.registry.ModelVersion;
import kos.shell.TextTable;
import kos.shell.app.SeedList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ml decide}: the workload forecast driving early reclaim, against kswapd, a fixed headroom and Holt-Winters. */
@Command(
        name = "decide",
        description = {
            "Use the workload forecast in a decision (early reclaim) and measure it.",
            "Forecast-driven early reclaim (kswapd's watermarks raised by each service's forecast memory",
            "growth) against kswapd alone, a fixed headroom",
            "(the same memory kept free on average, set on the training seeds) and Holt-Winters driving the same",
            "rule, and at Holt-Winters' mean reserve: kos with its interval widened to it on the training seeds",
            "(kos-matched) and a fixed headroom of that size (headroom-hw), on held-out seeds.",
            "Scores memory stall time, direct reclaims and the page cache's hit rate."
        })
final class DecideCommand extends RegistryCommand {
    @Option(names = "--mixes", paramLabel = "P", split = ",", description = "Diurnal patterns (default: office,batch).")
    List<String> mixes = ReclaimDecision.MIXES;

    @Option(
            names = "--seeds",
            paramLabel = "LIST",
            description =
                    "Held-out seeds: a list such as 201,202 or 201..205, or a count N from 201 (default 201,202).")
    String seeds;

    @Option(
            names = "--version",
            paramLabel = "V",
            description = "The workload model's version (default: promoted, else latest).")
    int version;

    @Override
    public void run() {
        Pipeline p = pipeline();
        ModelVersion mv = p.resolve(WorkloadForecastModel.NAME, version);
        List<Long> s = SeedList.parse(seeds, ReclaimDecision.EVAL_SEEDS);
        ReclaimDecision.Report r = ReclaimDecision.evaluate(p.load(mv), mixes, s, session::isInterrupted);
        print(r, () -> render(r, mv.version()));
    }

    static String render(ReclaimDecision.Report r, int version) {
        TextTable t = new TextTable("mix", "seed", "policy", "stall_ms", "direct_reclaims", "boost_mib", "cache_hits");
        for (ReclaimDecision.Run x : r.runs()) {
            t.row(
                    x.mix(),
                    x.seed(),
                    x.policy(),
                    String.format(Locale.ROOT, "%.1f", x.stallMs()),
                    x.directReclaims(),
                    String.format(Locale.ROOT, "%.2f", x.meanBoostMiB()),
                    Pipeline.pct(x.cacheHitRate()));
        }
        TextTable tot = new TextTable("policy", "stall_ms", "direct_reclaims", "boost_mib", "cache_hits");
        for (ReclaimDecision.PolicyTotal x : r.totals()) {
            tot.row(
                    x.policy(),
                    String.format(Locale.ROOT, "%.1f", x.stallMs()),
                    x.directReclaims(),
                    String.format(Locale.ROOT, "%.2f", x.meanBoostMiB()),
                    Pipeline.pct(x.hitRate()));
        }
        return String.format(
                Locale.ROOT,
                "forecast-driven early reclaim, workload v%d, mixes %s, held-out seeds %s (second simulated day of each run)%n"
                        + "headroom %.2f MiB (kos's mean boost on the training seeds %s); Holt-Winters alpha %.2f beta %.2f gamma %.2f%n"
                        + "headroom-hw %.2f MiB (Holt-Winters' mean boost on the training seeds); kos-matched: kos's interval x%.2f, which keeps that much free on them%n"
                        + "%s%ntotals:%n%s%n"
                        + "kos vs kswapd: %+.1f%% stall time; vs fixed headroom: %+.1f%%; vs Holt-Winters-driven: %+.1f%%%n"
                        + "at Holt-Winters' reserve (set on the training seeds): kos-matched vs Holt-Winters-driven %+.1f%% stall time;"
                        + " vs a fixed headroom of that size (headroom-hw) %+.1f%%",
                version,
                String.join(",", r.mixes()),
                r.seeds(),
                r.headroomMiB(),
                ReclaimDecision.TRAIN_SEEDS,
                r.holtWinters()[0],
                r.holtWinters()[1],
                r.holtWinters()[2],
                r.holtWintersTrainBoostMiB(),
                r.matchedScale(),
                t,
                tot,
                100 * r.stallChange("kos", "kswapd"),
                100 * r.stallChange("kos", "headroom"),
                100 * r.stallChange("kos", "holt-winters"),
                100 * r.stallChange("kos-matched", "holt-winters"),
                100 * r.stallChange("kos-matched", "headroom-hw"));
    }
}
