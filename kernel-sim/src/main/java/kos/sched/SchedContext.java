package kos.sched;

import kos.sim.Telemetry;
import kos.sim.Trace;

/**
 * What a policy may ask the engine: the clock, the machine, where to record, and (if declared) the
 * oracle. Every policy gets the same context however it was created (the shell, {@link SchedEval},
 * {@link PolicyHarness}, a test), so what a policy records does not depend on who wired it.
 */
public interface SchedContext {
    /** Current virtual time in nanoseconds. */
    long now();

    /** The task with this {@link SchedTask#index()} (policies store indices, return tasks). */
    SchedTask task(int index);

    /** CPUs in the machine (1..64). */
    int cpuCount();

    /**
     * The oracle of true remaining work.
     *
     * @throws IllegalStateException unless the policy declared {@link SchedulingPolicy#needsOracle()}
     */
    Oracle oracle();

    /**
     * The trace of the policy's simulation (for {@link PolicyHarness}, one of its own): a policy
     * records its own decisions here (the attention scheduler's learning steps and fallback
     * transitions), so they enter the digest in every kind of run.
     */
    Trace trace();

    /**
     * Where the policy reports wall-clock latencies and counters ({@link Telemetry#NONE} unless the
     * simulation was created with a sink). Never read back for a decision.
     */
    Telemetry telemetry();
}
