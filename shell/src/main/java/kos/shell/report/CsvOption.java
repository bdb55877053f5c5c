package kos.shell.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import kos.sim.AtomicFiles;
import picocli.CommandLine.Option;

/**
 * {@code --csv FILE} for evaluations whose report is one table: the report's first list of rows (as
 * its {@code --json} shows it) as CSV, one column per field, nested values as compact JSON.
 * Written atomically; a missing directory is refused before the evaluation starts.
 */
public final class CsvOption {
    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the result rows as CSV (atomically).")
    Path csv;

    /** Refuses a path whose directory is missing, before any work. */
    public void check() {
        if (csv != null) {
            SweepOutputs.requireDirectory(csv);
        }
    }

    /** Writes the rows of {@code report} if --csv was given. */
    public void write(ObjectMapper json, Object report) {
        if (csv == null) {
            return;
        }
        JsonNode rows = firstTable(json.valueToTree(report));
        List<JsonNode> list = new ArrayList<>();
        if (rows != null) {
            rows.forEach(list::add);
        }
        Set<String> columns = new LinkedHashSet<>();
        list.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (JsonNode r : list) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                JsonNode v = r.get(c);
                cells.add(
                        v == null || v.isNull() ? "" : SweepOutputs.cell(v.isValueNode() ? v.asText() : v.toString()));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        AtomicFiles.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The first array of objects in the report, depth first (the report itself if it is one). */
    static JsonNode firstTable(JsonNode n) {
        if (n.isArray() && !n.isEmpty() && n.get(0).isObject()) {
            return n;
        }
        for (JsonNode child : n) {
            if (child.isContainerNode()) {
                JsonNode t = firstTable(child);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }
}
