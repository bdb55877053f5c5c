package kos.shell.app;

import kos.sched.Task;
import kos.sim.Quantities;


/** How the scheduler commands show durations and tasks. */
public final class SchedulerViews {
    private SchedulerViews() {
    }


    public static String ms(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    public static String dur(long ns) {
        return ns < 0 ? "-" : Quantities.formatDuration(ns);
    }

    /** One row of {@code ps} / {@code schedctl tasks}. */
    public record TaskRow(long pid, String name, String taskClass, int nice, int weight, String state, int cpu, long cpuTimeNs,
                   long waitNs, long arrivalNs, long firstRunNs, long endNs, long bursts, long voluntarySwitches,
                   long involuntarySwitches, long migrations, long vruntime, long deadlineMisses) {
        public static TaskRow of(Task t, long now) {
            return new TaskRow(t.pid(), t.name(), t.taskClass().label(), t.nice(), t.weight(), t.state().name().toLowerCase(java.util.Locale.ROOT),
                    t.cpu(), t.cpuTimeNs(), t.totalWaitNs(), t.arrivalNs(), t.firstRunNs(), t.endNs(), t.bursts(),
                    t.voluntarySwitches(), t.involuntarySwitches(), t.migrations(), t.vruntime(), t.deadlineMisses(now));
        }
    }
}
