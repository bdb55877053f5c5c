package kos.shell.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kos.sim.AtomicFiles;
import kos.sim.KosException;

/**
 * Self-contained HTML: the live dashboard page, and reports that embed their data in the same page,
 * so one chart implementation (inline SVG drawn by inline script; no library, no network) serves
 * both. A report opens offline from the file alone.
 */
public final class HtmlReport {
    private static final String TEMPLATE = "/kos/shell/report/dashboard.html";
    private static final String DATA_SLOT = "/*KOS_DATA*/null";

    /**
     * What a report shows; every part may be empty.
     *
     * @param samples   the live feed's samples (memory, PSI, confidence, markers, scheduler)
     * @param dashboard the AI dashboard snapshot, or null
     * @param bars      a comparison: one bar per (group, label) with a 95% confidence interval (lo/hi NaN: none)
     * @param attention the attention scheduler's last decision, or null
     */
    public record Data(
            String title,
            List<?> samples,
            Object dashboard,
            String barsTitle,
            String barsUnit,
            String barsNote,
            List<Bar> bars,
            List<String> notes,
            AttentionMap attention) {}

    /**
     * The attention scheduler's last decision: {@code weights[i][j]} is how much candidate i attends to
     * candidate j (each row sums to 1); {@code picked} is the row of the task it ran.
     */
    public record AttentionMap(List<String> candidates, double[][] weights, int picked) {}

    /** One bar: its group (a colour), its label, the mean and a 95% confidence interval. */
    public record Bar(String group, String label, double mean, Double lo, Double hi) {}

    private HtmlReport() {}

    /** The live page: the template with no data, which then listens to /events. */
    public static String livePage() {
        return template();
    }

    /** A report page with its data embedded. */
    public static String page(Data data, ObjectMapper json) {
        String embedded;
        try {
            // "</" inside a script would end it: JSON allows "<\/" for the same string.
            embedded = json.writer().writeValueAsString(data).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new KosException("cannot serialise the report: " + e.getOriginalMessage());
        }
        return template().replace(DATA_SLOT, embedded);
    }

    /**
     * Writes a report atomically. The file must end in .html and its directory must exist (a
     * report never creates directories).
     */
    public static void write(Path file, Data data, ObjectMapper json) {
        if (!file.getFileName().toString().endsWith(".html")) {
            throw new KosException("report: the file must end in .html: " + file);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new KosException("report: no such directory: " + (dir == null ? file : dir));
        }
        AtomicFiles.write(file, page(data, json).getBytes(StandardCharsets.UTF_8));
    }

    private static String template() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + TEMPLATE, e);
        }
    }
}
