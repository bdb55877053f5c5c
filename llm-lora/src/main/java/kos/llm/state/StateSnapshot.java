package kos.llm.state;

import java.util.List;

/**
 * What the language model is told about the simulated system at one moment: plain data, read
 * once per question. Sizes are bytes, times virtual nanoseconds. Task names are untrusted text
 * (a task's name is chosen by whoever spawned it) and reach a prompt only through
 * {@link PromptEncoder}, which quotes and escapes them.
 *
 * @param timeNs        virtual time of the snapshot
 * @param memory        the memory zone, or null when the simulation has none
 * @param cpus          per-CPU load (empty without a scheduler)
 * @param topByCpu      live processes with the most CPU time, most first (at most {@link #TOP})
 * @param topByMemory   live processes with the largest footprint, largest first (at most {@link #TOP})
 * @param io            I/O counters (the simulator models I/O waits only as blocked tasks)
 * @param risk          the crash predictor's latest view ({@link Risk#NONE} without one)
 * @param scheduler     the scheduler policy and its counters, or null without a scheduler
 * @param recentActions the newest actions of the autonomy loop and of llmctl, oldest first
 * @param history       past incidents for retrieval, oldest first: every action llmctl's audit log and the
 *                      autonomy loop's keep (not encoded in the prompt)
 */
public record StateSnapshot(
        long timeNs,
        Memory memory,
        List<Cpu> cpus,
        List<Proc> topByCpu,
        List<Proc> topByMemory,
        Io io,
        Risk risk,
        Sched scheduler,
        List<Action> recentActions,
        List<Action> history) {
    /** How many processes each top list keeps. */
    public static final int TOP = 5;

    public StateSnapshot {
        cpus = List.copyOf(cpus);
        topByCpu = List.copyOf(topByCpu);
        topByMemory = List.copyOf(topByMemory);
        recentActions = List.copyOf(recentActions);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** The same state with another history. */
    public StateSnapshot withHistory(List<Action> past) {
        return new StateSnapshot(timeNs, memory, cpus, topByCpu, topByMemory, io, risk, scheduler, recentActions, past);
    }

    /**
     * The memory zone.
     *
     * @param fragmentedPct     unusable free space index at order 9, in percent: the share of free memory
     *                          that is not in blocks of 2 MiB or more
     * @param fragIndex9        the kernel's fragmentation index at order 9 (x1000; -1000 when a block is free)
     * @param largestFreeOrder  highest order with a free block, -1 if none
     * @param failedOrders      the orders that saw failed allocations, ascending
     * @param psiSomePct        memory PSI "some" avg10
     * @param psiFullPct        memory PSI "full" avg10
     */
    public record Memory(
            long totalBytes,
            long freeBytes,
            long usedBytes,
            long pageCacheBytes,
            double fragmentedPct,
            int fragIndex9,
            int largestFreeOrder,
            List<Integer> failedOrders,
            long allocFailures,
            long oomEvents,
            double psiSomePct,
            double psiFullPct) {
        public Memory {
            failedOrders = List.copyOf(failedOrders);
        }

        public double usedPct() {
            return totalBytes == 0 ? 0 : 100.0 * usedBytes / totalBytes;
        }
    }

    /** One CPU: how many tasks want it (queued plus running) and which one runs. */
    public record Cpu(int id, int runnable, long runningPid, String runningName) {}

    /**
     * One live process.
     *
     * @param kind            {@code task} for scheduler tasks, {@code workload} for memory workloads, ...
     * @param taskClass       the scheduling class label, or empty for processes that are not tasks
     * @param cpu             the CPU it runs or waits on, -1 if none
     * @param pinnedCpu       the CPU it is pinned to, -1 if any
     * @param cpuSharePct     CPU time over its age, in percent of one CPU
     * @param memBytes        pages it owns, in bytes
     * @param growthBytesPerS its footprint over its age (bytes per virtual second): what a steady leak shows
     * @param deadlineMisses  realtime jobs that missed their deadline
     */
    public record Proc(
            long pid,
            String name,
            String kind,
            String taskClass,
            int cpu,
            int pinnedCpu,
            int nice,
            long cpuTimeNs,
            double cpuSharePct,
            long memBytes,
            long growthBytesPerS,
            long deadlineMisses) {}

    /** I/O counters: tasks blocked (waiting on I/O) and voluntary switches (each an I/O wait or sleep). */
    public record Io(int blockedTasks, long voluntarySwitches) {
        public static final Io NONE = new Io(0, 0);
    }

    /**
     * The crash predictor's latest prediction.
     *
     * @param cause              lower-case cause name ({@code none}, {@code lack_of_memory}, {@code fragmentation},
     *                           {@code page_cache_pressure})
     * @param timeToExhaustionNs estimated time until memory runs out, -1 when it is not running out
     */
    public record Risk(String predictor, double confidence, String level, String cause, long timeToExhaustionNs) {
        public static final Risk NONE = new Risk("none", 0, "NORMAL", "none", -1);
    }

    /**
     * The scheduler.
     *
     * @param attention the attention scheduler's state (e.g. {@code off}), or empty when unknown
     */
    public record Sched(
            String policy,
            int cpus,
            int liveTasks,
            int runnable,
            int blocked,
            double utilisationPct,
            long deadlineMisses,
            long switches,
            long migrations,
            String attention) {}

    /**
     * One action taken on the system by the autonomy loop or by llmctl.
     *
     * @param source {@code autonomy} or {@code llmctl}
     */
    public record Action(long timeNs, String source, String action, String reason, String detail) {}

    /** The process with this pid in either top list, or null. */
    public Proc process(long pid) {
        for (Proc p : topByCpu) {
            if (p.pid() == pid) {
                return p;
            }
        }
        for (Proc p : topByMemory) {
            if (p.pid() == pid) {
                return p;
            }
        }
        return null;
    }
}
