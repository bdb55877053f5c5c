package kos.shell.schedctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kos.sched.SchedMetrics;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.shell.app.SchedulerViews;
import kos.shell.app.Subsystems;
import kos.sim.Quantities;
import picocli.CommandLine.Command;

/** {@code schedctl stats}: the scheduler's counters, switches and latencies. */
@Command(
        name = "stats",
        description =
                "Scheduling metrics: response, turnaround, wait, slowdown, wakeup latency (mean/p50/p95/p99), "
                        + "throughput, makespan, utilisation, switches and overhead, migrations, Jain fairness, deadline misses; overall and per class.")
final class StatsCommand extends JsonCommand {

    @Override
    public void run() {
        SchedMetrics m = Subsystems.scheduler(session).metrics();
        print(m, () -> render(m));
    }

    static String render(SchedMetrics m) {
        var st = m.stats();
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%s on %d CPUs at %s: %d tasks live (%d running, %d runnable, %d blocked), %d spawned, %d finished, %d killed, %d rejected%n",
                st.policy(),
                st.cpus(),
                Quantities.formatDuration(st.timeNs()),
                st.liveTasks(),
                st.running(),
                st.runnable(),
                st.blocked(),
                st.spawned(),
                st.completed(),
                st.killed(),
                st.rejected()));
        b.append(String.format(
                Locale.ROOT,
                "utilisation %.1f%%, overhead %s (%.2f%% of CPU time), %d dispatches, %d switches (%d voluntary, %d involuntary), %d migrations%n",
                st.utilisation() * 100,
                Quantities.formatDuration(st.overheadNs()),
                m.overheadShare() * 100,
                st.dispatches(),
                st.switches(),
                st.voluntarySwitches(),
                st.involuntarySwitches(),
                st.migrations()));
        b.append(String.format(
                Locale.ROOT,
                "throughput %.2f tasks/s, makespan %s ms, Jain fairness %.3f, realtime jobs %d, deadline misses %d%n%n",
                m.throughputPerS(),
                SchedulerViews.ms(m.makespanMs()),
                m.jainFairness(),
                st.rtJobs(),
                st.deadlineMisses()));
        TextTable t = new TextTable("class", "tasks", "done", "metric (ms)", "mean", "p50", "p95", "p99", "max");
        List<SchedMetrics.ClassMetrics> rows = new ArrayList<>();
        rows.add(m.all());
        rows.addAll(m.byClass());
        for (SchedMetrics.ClassMetrics c : rows) {
            boolean first = true;
            for (var e : List.of(
                    Map.entry("response", c.responseMs()),
                    Map.entry("turnaround", c.turnaroundMs()),
                    Map.entry("wait", c.waitMs()),
                    Map.entry("wakeup latency", c.wakeLatencyMs()),
                    Map.entry("slowdown (x)", c.slowdown()),
                    Map.entry("bounded slowdown (x)", c.boundedSlowdown()))) {
                SchedMetrics.Summary s = e.getValue();
                t.row(
                        first ? c.taskClass() : "",
                        first ? c.tasks() : "",
                        first ? c.finished() : "",
                        e.getKey(),
                        SchedulerViews.ms(s.mean()),
                        SchedulerViews.ms(s.p50()),
                        SchedulerViews.ms(s.p95()),
                        SchedulerViews.ms(s.p99()),
                        SchedulerViews.ms(s.max()));
                first = false;
            }
        }
        b.append(t);
        return b.toString();
    }
}
