package kos.sched;

import kos.sim.KosException;
import kos.sim.Quantities;

/**
 * What a task does: its identity, priority and behaviour. A task alternates CPU bursts drawn from
 * {@link #burst} and I/O waits drawn from {@link #io} (none: one burst as long as its work) until
 * it has used {@link #workNs} of CPU or lived {@link #lifetimeNs}, whichever comes first (0 means
 * no limit on that side; a task with neither runs until killed). A realtime task instead releases
 * a job every period (see {@link Periodic}).
 *
 * @param name            a label for listings (need not be unique)
 * @param nice            -20..19; its weight comes from {@link Weights}
 * @param taskClass       for reporting metrics per class
 * @param burst           CPU burst lengths (ignored for a realtime task)
 * @param io              I/O wait lengths between bursts, or null for a CPU-bound task
 * @param workNs          total CPU time the task needs, 0 for unlimited
 * @param lifetimeNs      the task exits at the end of the first burst that ends after this age, 0 for unlimited
 * @param workingSetBytes cache working set, for the refill cost of the {@link CostModel}
 * @param realtime        periodic parameters, or null for a non-realtime task
 * @param cpu             the CPU the task is pinned to, or -1 for any
 */
public record TaskSpec(
        String name,
        int nice,
        TaskClass taskClass,
        Distribution burst,
        Distribution io,
        long workNs,
        long lifetimeNs,
        long workingSetBytes,
        Periodic realtime,
        int cpu) {

    /**
     * A periodic realtime task: a job of {@code wcetNs} work (or of {@code execution}, when given,
     * which may overrun the declared wcet) is released every {@code periodNs} and must finish
     * within {@code deadlineNs} of its release. {@code jobs} bounds how many are released (0 = no bound).
     */
    public record Periodic(long wcetNs, long periodNs, long deadlineNs, long jobs, Distribution execution) {
        public Periodic {
            if (wcetNs <= 0 || periodNs <= 0 || deadlineNs <= 0) {
                throw new KosException("realtime wcet, period and deadline must be positive");
            }
            if (wcetNs > deadlineNs) {
                throw new KosException("realtime wcet " + Quantities.formatDuration(wcetNs) + " exceeds its deadline "
                        + Quantities.formatDuration(deadlineNs));
            }
            if (jobs < 0) {
                throw new KosException("jobs must not be negative");
            }
        }

        /** The fraction of one CPU it claims: {@code wcet / min(period, deadline)} (its density). */
        public double density() {
            return (double) wcetNs / Math.min(periodNs, deadlineNs);
        }
    }

    public TaskSpec {
        Weights.checkNice(nice);
        if (name == null || name.isBlank()) {
            throw new KosException("a task needs a name");
        }
        if (workNs < 0 || lifetimeNs < 0 || workingSetBytes < 0) {
            throw new KosException("work, lifetime and working set must not be negative");
        }
        if (realtime == null && burst == null) {
            throw new KosException("a task needs a burst distribution");
        }
        if (realtime != null && taskClass != TaskClass.REALTIME) {
            throw new KosException("only a realtime task can be periodic");
        }
        if (taskClass == TaskClass.REALTIME && realtime == null) {
            throw new KosException("a realtime task needs wcet, period and deadline");
        }
    }

    /** A CPU-bound job of fixed length that arrives, runs and exits: what {@code sched replay} runs. */
    public static TaskSpec job(String name, long lengthNs) {
        return new TaskSpec(name, 0, TaskClass.BATCH, Distribution.fixed(lengthNs), null, lengthNs, 0, 0, null, -1);
    }

    /** A CPU-bound task that never ends by itself (for shares tests and benchmarks). */
    public static TaskSpec spinner(String name, int nice) {
        return new TaskSpec(
                name, nice, TaskClass.BATCH, Distribution.fixed(Long.MAX_VALUE / 4), null, 0, 0, 0, null, -1);
    }

    /** A periodic realtime task with implicit deadline (= period). */
    public static TaskSpec periodic(String name, long wcetNs, long periodNs) {
        return new TaskSpec(
                name,
                0,
                TaskClass.REALTIME,
                null,
                null,
                0,
                0,
                0,
                new Periodic(wcetNs, periodNs, periodNs, 0, null),
                -1);
    }

    public TaskSpec withWorkingSet(long bytes) {
        return new TaskSpec(name, nice, taskClass, burst, io, workNs, lifetimeNs, bytes, realtime, cpu);
    }

    public TaskSpec withCpu(int pinned) {
        return new TaskSpec(name, nice, taskClass, burst, io, workNs, lifetimeNs, workingSetBytes, realtime, pinned);
    }

    public TaskSpec withNice(int n) {
        return new TaskSpec(name, n, taskClass, burst, io, workNs, lifetimeNs, workingSetBytes, realtime, cpu);
    }
}
