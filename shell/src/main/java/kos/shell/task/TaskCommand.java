package kos.shell.task;

import kos.shell.app.Subsystems;
import kos.shell.CommandGroup;
import kos.sched.Distribution;
import kos.sched.Scheduler;
import kos.sched.Task;
import kos.sched.TaskClass;
import kos.sched.TaskSpec;
import kos.shell.Args;
import kos.shell.CommandSplitter;
import kos.shell.JsonCommand;
import kos.shell.OptionPairs;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code task}: spawn and kill single scheduler tasks. */
@Command(name = "task",
        description = "Spawn or kill a single scheduler task (see also 'ps' and 'schedctl tasks').",
        subcommands = {TaskCommand.Spawn.class, TaskCommand.Kill.class})
public final class TaskCommand extends CommandGroup {

    record Spawned(long pid, String name, String taskClass, int nice, List<Integer> workloads) {
    }

    @Command(name = "spawn",
            description = {"Create a task now. It alternates CPU bursts (--burst) and I/O waits (--io) until it has",
                    "used --work of CPU or lived --lifetime; a realtime task has --wcet, --period (and --deadline).",
                    "Distributions: 10ms, exp:5ms, hyper:0.9:1ms:50ms, pareto:1.5:1ms[:10s], list:5ms,3ms.",
                    "Examples:",
                    "  task spawn editor --class interactive --burst exp:2ms --io exp:50ms --lifetime 10s",
                    "  task spawn cruncher --nice 5 --burst 100ms --work 2s --mem \"leak --rate 1MiB/s\"",
                    "  task spawn audio --wcet 1ms --period 10ms"})
    static final class Spawn extends JsonCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--nice", defaultValue = "0", description = "-20..19 (default 0).")
        int nice;
        @Option(names = "--class", paramLabel = "CLASS", description = "interactive, batch, io-bound, realtime (default: batch, or realtime with --wcet).")
        String cls;
        @Option(names = "--burst", paramLabel = "DIST", description = "CPU burst lengths (default: the whole --work in one burst, or 10ms).")
        String burst;
        @Option(names = "--io", paramLabel = "DIST", description = "I/O wait between bursts (default none: CPU-bound).")
        String io;
        @Option(names = "--work", paramLabel = "DURATION", description = "Total CPU time it needs (default unlimited).")
        Args.Duration work;
        @Option(names = "--lifetime", paramLabel = "DURATION", description = "It exits after the burst that ends past this age.")
        Args.Duration lifetime;
        @Option(names = "--wcet", paramLabel = "DURATION", description = "Realtime: worst-case execution time per job.")
        Args.Duration wcet;
        @Option(names = "--period", paramLabel = "DURATION", description = "Realtime: job period.")
        Args.Duration period;
        @Option(names = "--deadline", paramLabel = "DURATION", description = "Realtime: relative deadline (default = period).")
        Args.Duration deadline;
        @Option(names = "--jobs", defaultValue = "0", description = "Realtime: how many jobs (default 0 = unlimited).")
        long jobs;
        @Option(names = "--exec", paramLabel = "DIST", description = "Realtime: actual execution time per job (default = wcet; may overrun).")
        String exec;
        @Option(names = "--cpu", defaultValue = "-1", description = "Pin it to this CPU (default: any).")
        int cpu;
        @Option(names = "--ws", paramLabel = "SIZE", description = "Cache working set (default 0).")
        Args.Size ws;
        @Option(names = "--mem", paramLabel = "\"WORKLOAD --k v ...\"",
                description = "A workload the task carries, started with owner=<pid> (e.g. a memory leak); repeatable.")
        List<String> mem = new ArrayList<>();

        @Override
        public void run() {
            try {
                doRun();
            } finally {
                mem.clear(); // picocli reuses this object
            }
        }

        private void doRun() {
            Scheduler s = Subsystems.scheduler(session);
            boolean rt = wcet != null || period != null;
            TaskClass c = cls != null ? TaskClass.parse(cls) : rt ? TaskClass.REALTIME : TaskClass.BATCH;
            TaskSpec.Periodic periodic = null;
            if (rt || c == TaskClass.REALTIME) {
                if (wcet == null || period == null) {
                    throw new KosException("a realtime task needs both --wcet and --period");
                }
                if (burst != null || io != null || work != null) {
                    throw new KosException("a realtime task takes --wcet/--period/--deadline/--jobs/--exec, not --burst, --io or --work");
                }
                periodic = new TaskSpec.Periodic(wcet.ns(), period.ns(), deadline != null ? deadline.ns() : period.ns(), jobs,
                        exec == null ? null : Distribution.parse(exec));
                c = TaskClass.REALTIME;
            }
            Distribution b = burst != null ? Distribution.parse(burst)
                    : work != null && io == null ? Distribution.fixed(work.ns()) : Distribution.fixed(10 * Quantities.NS_PER_MS);
            if (periodic == null && work == null && lifetime == null && io == null && burst == null) {
                // a plain CPU hog: one unbounded burst
                b = Distribution.fixed(Long.MAX_VALUE / 4);
            }
            List<String[]> mems = new ArrayList<>();
            for (String m : mem) {
                mems.add(CommandSplitter.split(m).toArray(String[]::new));
                if (mems.getLast().length == 0) {
                    throw new KosException("--mem needs a workload name, e.g. --mem \"leak --rate 1MiB/s\"");
                }
            }
            TaskSpec spec = new TaskSpec(name, nice, c, periodic != null ? null : b, io == null ? null : Distribution.parse(io),
                    work == null ? 0 : work.ns(), lifetime == null ? 0 : lifetime.ns(), ws == null ? 0 : ws.bytes(), periodic, cpu);
            Task t = s.spawn(spec);
            List<Integer> ids = new ArrayList<>();
            for (String[] m : mems) {
                Map<String, String> params = OptionPairs.parse("workload " + m[0], List.of(m).subList(1, m.length));
                ids.add(s.attachWorkload(t.pid(), m[0], params));
            }
            Spawned v = new Spawned(t.pid(), t.name(), c.label(), nice, ids);
            print(v, () -> "task " + v.pid() + " (" + v.name() + ", " + v.taskClass() + ", nice " + v.nice()
                    + ") spawned" + (ids.isEmpty() ? "" : " with workload(s) " + ids));
        }
    }

    @Command(name = "kill", description = "Kill a task's process; it leaves the run queue for good.")
    static final class Kill extends ShellCommand {
        @Parameters(paramLabel = "PID")
        long pid;

        @Override
        public void run() {
            Scheduler s = Subsystems.scheduler(session);
            Task t = s.task(pid);
            if (t == null || t.finished()) {
                throw new KosException("no live task with pid " + pid + " (see 'ps')");
            }
            s.simulation().processes().kill(pid, "killed by user");
            session.out().println("task " + pid + " (" + t.name() + ") killed");
        }
    }
}
