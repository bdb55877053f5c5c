package kos.shell.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import kos.insights.ml.EvalReport;
import kos.shell.TextTable;

/**
 * The text view of an {@link EvalReport} shared by {@code ml eval}, {@code devctl eval} and
 * {@code threatctl eval}: a header line, one table row per report row (its key cells, then every
 * metric column, "-" where a metric is missing or NaN), then one line per goal.
 */
public final class EvalReportText {
    /** How one metric value of a column is printed. */
    @FunctionalInterface
    public interface CellFormat {
        String format(String column, double value);
    }

    private EvalReportText() {}

    /**
     * @param header  the first line, without its line break
     * @param keyHead the names of the key columns
     * @param keys    a row's key cells, as many as {@code keyHead}
     */
    public static String render(
            EvalReport r,
            String header,
            List<String> keyHead,
            Function<EvalReport.Row, List<Object>> keys,
            CellFormat format) {
        List<String> head = new ArrayList<>(keyHead);
        head.addAll(r.columns());
        TextTable t = new TextTable(head.toArray(String[]::new));
        for (EvalReport.Row row : r.rows()) {
            List<Object> cells = new ArrayList<>(keys.apply(row));
            for (String c : r.columns()) {
                Double v = row.metrics().get(c);
                cells.add(v == null || v.isNaN() ? "-" : format.format(c, v));
            }
            t.row(cells.toArray());
        }
        StringBuilder b =
                new StringBuilder(header).append(System.lineSeparator()).append(t);
        for (EvalReport.Goal g : r.goals()) {
            b.append(String.format(
                    Locale.ROOT, "%n%s %s: %s", g.met() ? "[met]    " : "[NOT met]", g.goal(), g.evidence()));
        }
        return b.toString();
    }

    /** A whole number, as the tables print counts and minutes. */
    public static String whole(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
