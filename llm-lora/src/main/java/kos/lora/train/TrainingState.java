package kos.lora.train;

/** The life of a {@link FineTuner}: idle, then training, then one of the three ends. */
public enum TrainingState {
    IDLE,
    TRAINING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
