package kos.mem;

/**
 * Told of significant memory events as they happen, on the simulation thread (the crash
 * predictor and autonomy loop plug in here). Methods must not allocate memory from the observed
 * {@link PhysicalMemory} re-entrantly.
 */
public interface MemoryObserver {
    /** An allocation of {@code 2^order} pages for {@code pid} failed (before the OOM policy acts). */
    default void onAllocationFailure(long timeNs, long pid, int order, Mobility type) {}

    default void onReclaim(long timeNs, ReclaimResult result) {}

    default void onCompaction(long timeNs, CompactionResult result) {}

    default void onOom(OomEvent event) {}
}
