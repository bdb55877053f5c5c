package kos.shell.schedctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kos.attn.eval.EvalComparison;
import kos.attn.eval.EvalMatrix;
import kos.attn.eval.EvalSummary;
import kos.shell.TextTable;

/** The text tables of {@code schedctl eval}, and its JSON with missing values as null. */
public final class EvalTables {
    private EvalTables() {}

    /** {@code value} as a JSON tree in which every NaN or infinite number is null (JSON has no NaN). */
    public static JsonNode nanAsNull(ObjectMapper json, Object value) {
        JsonNode tree = json.valueToTree(value);
        clean(tree);
        return tree;
    }

    private static void clean(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (bad(e.getValue())) {
                    e.setValue(NullNode.getInstance());
                } else {
                    clean(e.getValue());
                }
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (bad(a.get(i))) {
                    a.set(i, NullNode.getInstance());
                } else {
                    clean(a.get(i));
                }
            }
        }
    }

    private static boolean bad(JsonNode v) {
        return v.isFloatingPointNumber() && (Double.isNaN(v.doubleValue()) || Double.isInfinite(v.doubleValue()));
    }

    public static String render(
            List<EvalMatrix.Row> rows, List<EvalComparison> cmp, EvalSummary summary, String heading) {
        StringBuilder sb = new StringBuilder(heading).append("\n\n");
        TextTable t = new TextTable(
                "mix",
                "load",
                "cpus",
                "policy",
                "mean turn",
                "vs cfs % (95% CI)",
                "p99 turn",
                "inter p99 resp",
                "p99 wakeup i/b/o/r",
                "switches",
                "switch ovh",
                "miss rate",
                "max wait",
                "fairness");
        for (EvalMatrix.Row x : rows) {
            t.row(
                    x.mix(),
                    load(x.load()),
                    x.cpus(),
                    x.policy() + (x.finished() ? "" : " (unfinished)"),
                    f(x.meanTurnaroundMs(), 1),
                    x.policy().equals("cfs")
                            ? ""
                            : pct(x.vsCfsPct()) + (Double.isNaN(x.vsCfsCi95Pct()) ? "" : " ±" + f(x.vsCfsCi95Pct(), 1)),
                    f(x.p99TurnaroundMs(), 1),
                    Double.isNaN(x.interactiveP99ResponseMs()) ? "-" : f(x.interactiveP99ResponseMs(), 2),
                    wake(x.p99WakeupMsByClass()),
                    f(x.switches(), 0),
                    f(x.switchOverheadMs(), 1),
                    Double.isNaN(x.deadlineMissRate()) ? "-" : f(100 * x.deadlineMissRate(), 2) + "%",
                    f(x.maxWaitMs(), 1),
                    f(x.fairness(), 3));
        }
        sb.append(t).append('\n');
        if (!cmp.isEmpty()) {
            sb.append(cmp.get(0).policy())
                    .append(" vs baselines (positive = lower/better; vs SRPT: how much worse; ")
                    .append("blind bound: the best other policy without the oracle missing no more deadlines; ")
                    .append(
                            "M/G/1: 1 CPU, CPU-only jobs, where Gittins with the true sizes is the size-blind optimum)\n");
            TextTable c = new TextTable(
                    "mix",
                    "load",
                    "cpus",
                    "vs cfs % (95% CI)",
                    "vs best cfs/eevdf %",
                    "worse than srpt %",
                    "blind bound",
                    "vs bound %",
                    "switches vs cfs %",
                    "inter p99 resp vs cfs %",
                    "inter p99 wakeup vs cfs %",
                    "misses (cfs)");
            for (EvalComparison x : cmp) {
                c.row(
                        x.mix(),
                        load(x.load()),
                        x.cpus(),
                        pct(x.vsCfsPct()) + (Double.isNaN(x.vsCfsCi95Pct()) ? "" : " ±" + f(x.vsCfsCi95Pct(), 1)),
                        pct(x.vsBestLinuxPct()),
                        pct(x.worseThanSrptPct()),
                        x.bestBlind() == null ? "-" : x.bestBlind() + (x.boundProven() ? " (M/G/1)" : ""),
                        pct(x.vsBestBlindPct()),
                        pct(x.switchesVsCfsPct()),
                        pct(x.interactiveP99VsCfsPct()),
                        pct(x.wakeP99VsCfsPct()),
                        x.deadlineMisses() + (x.cfsDeadlineMisses() < 0 ? "" : " (" + x.cfsDeadlineMisses() + ")"));
            }
            sb.append(c);
        }
        if (summary != null && summary.cells() > 0) {
            sb.append('\n').append(summary(summary));
        }
        return sb.toString();
    }

    /** The goals over the run's cells, one line each. */
    static String summary(EvalSummary s) {
        return String.format(
                        Locale.ROOT,
                        "over %d cells (gain vs CFS by cell means): %s %s, the size-blind bound %s (proven in %d cells),"
                                + " SRPT %s%n",
                        s.cells(),
                        s.policy(),
                        pct(s.gainVsCfsPct()) + "%",
                        pct(s.blindBoundPct()) + "%",
                        s.provenCells(),
                        Double.isNaN(s.srptPct()) ? "-" : pct(s.srptPct()) + "%")
                + String.format(
                        Locale.ROOT,
                        "%s within 3%% of the bound in %d/%d cells, within 2%% of the better of CFS/EEVDF in %d/%d,"
                                + " interactive p99 wakeup at or below CFS's in %d/%d, deadline misses %d%n",
                        s.policy(),
                        s.withinBound3(),
                        s.cells(),
                        s.withinLinux2(),
                        s.cells(),
                        s.wakeupAtOrBelowCfs(),
                        s.wakeupCells(),
                        s.deadlineMisses());
    }

    private static String wake(Map<String, Double> byClass) {
        StringBuilder b = new StringBuilder();
        for (String cls : List.of("interactive", "batch", "io-bound", "realtime")) {
            Double v = byClass.get(cls);
            b.append(b.isEmpty() ? "" : "/").append(v == null ? "-" : f(v, v < 10 ? 2 : 1));
        }
        return b.toString();
    }

    /** A load as typed: 0.95 stays 0.95, 0.7 prints 0.7. */
    public static String load(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v).replaceFirst("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    private static String f(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f", v);
    }
}
