package kos.sim;

/**
 * The names AI components and the dashboard agree on. Components in different modules record
 * under these names without depending on the dashboard; the dashboard derives its rates from them.
 */
public final class TelemetryNames {
    /** Latency of one neural-network inference (any small model). */
    public static final String NN_INFERENCE = "nn_inference";
    /** Latency of one attention-scheduler decision. */
    public static final String TRANSFORMER_SCHEDULER = "transformer_scheduler";
    /** Latency of one LLM / adapter inference over the OS state. */
    public static final String LLM_INFERENCE = "llm_inference";
    /** Latency of one crash-predictor update (one memory sample). */
    public static final String CRASH_PREDICTOR = "crash_predictor";

    /** AI decisions made, and of those, the ones the kernel followed (not overridden by a fallback). */
    public static final String DECISIONS_MADE = "decisions.made";

    public static final String DECISIONS_FOLLOWED = "decisions.followed";
    /** Crash predictions resolved, and of those, the correct ones (TP + TN). */
    public static final String PREDICTIONS_MADE = "predictions.made";

    public static final String PREDICTIONS_CORRECT = "predictions.correct";
    /** Context-switch overhead in simulated ns under the baseline policy and under the AI policy. */
    public static final String CTX_SWITCH_BASELINE_NS = "ctx_switch.baseline_ns";

    public static final String CTX_SWITCH_AI_NS = "ctx_switch.ai_ns";
    /** Bytes of memory the autonomy loop recovered (reclaim, compaction-enabled allocations, early kills). */
    public static final String MEMORY_SAVED_BYTES = "memory.saved_bytes";
    /** Summed task turnaround in simulated ns under the baseline and the AI scheduler, same workload. */
    public static final String SCHED_BASELINE_TURNAROUND_NS = "sched.baseline_turnaround_ns";

    public static final String SCHED_AI_TURNAROUND_NS = "sched.ai_turnaround_ns";

    private TelemetryNames() {}
}
