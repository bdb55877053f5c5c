package kos.shell.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import kos.sim.AtomicFiles;
import kos.sim.KosException;
import picocli.CommandLine.Option;

/**
 * {@code --csv FILE} and {@code --report FILE.html}, mixed into every sweep (evaluations over seeds):
 * the results as one CSV row per result, and as a self-contained HTML report. Both are written
 * atomically, after the sweep, into a directory that must exist; a bad path is refused before the
 * sweep starts, so no run is wasted.
 */
public final class SweepOutputs {
    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the results as CSV (atomically).")
    Path csv;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write an HTML report (atomically).")
    Path report;

    /** Refuses a path whose directory is missing (or a report not ending in .html) before any work. */
    public void check() {
        if (csv != null) {
            requireDirectory(csv);
        }
        if (report != null) {
            requireDirectory(report);
            if (!report.getFileName().toString().endsWith(".html")) {
                throw new KosException("--report: the file must end in .html: " + report);
            }
        }
    }

    /** Whether an HTML report was asked for (so a sweep can keep what only the report needs). */
    public boolean wantsReport() {
        return report != null;
    }

    /** Writes what was asked for; {@code rows} are the CSV's rows after {@code header}. */
    public void write(ObjectMapper json, List<String> header, List<List<Object>> rows, HtmlReport.Data reportData) {
        if (csv != null) {
            StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
            for (List<Object> r : rows) {
                sb.append(r.stream().map(SweepOutputs::cell).collect(Collectors.joining(",")))
                        .append('\n');
            }
            AtomicFiles.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (report != null) {
            HtmlReport.write(report, reportData, json);
        }
    }

    /** One CSV cell: numbers in a fixed locale, NaN as empty, text quoted when it needs to be (RFC 4180). */
    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "" : String.format(Locale.ROOT, "%.6g", d);
        }
        String s = v.toString();
        return s.matches("[^\",\\n\\r]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The 95% half-width of the mean of {@code values} (normal approximation), NaN with fewer than two. */
    public static double halfWidth95(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0), ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return 1.96 * Math.sqrt(ss / (n - 1) / n);
    }

    static void requireDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new KosException("no such directory: " + (dir == null ? file : dir));
        }
    }
}
