package kos.shell.sched;

import kos.sched.Scheduler;
import kos.sched.Task;
import kos.sched.TaskMixes;
import kos.shell.Session;
import kos.sim.KosException;
import kos.sim.Quantities;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers of the scheduler commands. */
final class SchedShell {
    private static boolean hooked;

    private SchedShell() {
    }

    /**
     * Makes every new simulation of this session know the task-mix workloads, so
     * {@code workload start mixed ...} works before any scheduler command ran. Called from the
     * command constructors; registers the hook once per session.
     */
    static synchronized void hook(Session session) {
        if (!SESSIONS.containsKey(session)) {
            SESSIONS.put(session, Boolean.TRUE);
            session.onNewSimulation(TaskMixes::registerIfAbsent);
        }
    }

    private static final Map<Session, Boolean> SESSIONS = new java.util.WeakHashMap<>();

    /** The session's scheduler, created with 2 CPUs and CFS on first use. */
    static Scheduler scheduler(Session session) {
        return Scheduler.of(session.sim());
    }

    /** Turns {@code --key value} and {@code --key=value} pairs into a map, in order. */
    static Map<String, String> options(String what, List<String> words) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || w.length() == 2) {
                throw new KosException("unexpected '" + w + "' for " + what + ": expected --option value");
            }
            String key, value;
            int eq = w.indexOf('=');
            if (eq > 0) {
                key = w.substring(2, eq);
                value = w.substring(eq + 1);
            } else {
                key = w.substring(2);
                if (i + 1 >= words.size()) {
                    throw new KosException("option --" + key + " of " + what + " needs a value");
                }
                value = words.get(++i);
            }
            if (m.put(key, value) != null) {
                throw new KosException("option --" + key + " given twice");
            }
        }
        return m;
    }

    static String ms(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    static String dur(long ns) {
        return ns < 0 ? "-" : Quantities.formatDuration(ns);
    }

    /** One row of {@code ps} / {@code schedctl tasks}. */
    record TaskRow(long pid, String name, String taskClass, int nice, int weight, String state, int cpu, long cpuTimeNs,
                   long waitNs, long arrivalNs, long firstRunNs, long endNs, long bursts, long voluntarySwitches,
                   long involuntarySwitches, long migrations, long vruntime, long deadlineMisses) {
        static TaskRow of(Task t, long now) {
            return new TaskRow(t.pid(), t.name(), t.taskClass().label(), t.nice(), t.weight(), t.state().name().toLowerCase(java.util.Locale.ROOT),
                    t.cpu(), t.cpuTimeNs(), t.totalWaitNs(), t.arrivalNs(), t.firstRunNs(), t.endNs(), t.bursts(),
                    t.voluntarySwitches(), t.involuntarySwitches(), t.migrations(), t.vruntime(), t.deadlineMisses(now));
        }
    }
}
