package kos.insights.ml;

import java.util.List;
import java.util.Map;

/**
 * A model's evaluation: one row per (scenario, target, method) with named metrics, and the goals
 * checked against them.
 *
 * @param model    the model name
 * @param version  the registry version evaluated
 * @param seeds    the held-out seeds
 * @param columns  metric names, in display order
 * @param rows     the table
 * @param goals    each goal and whether it was met, with the numbers
 */
public record EvalReport(
        String model, int version, List<Long> seeds, List<String> columns, List<Row> rows, List<Goal> goals) {
    public record Row(String scenario, String target, String method, Map<String, Double> metrics) {}

    public record Goal(String goal, boolean met, String evidence) {}
}
