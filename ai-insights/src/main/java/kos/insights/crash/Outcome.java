package kos.insights.crash;

/** How a prediction turned out once its horizon passed (or the crash came). */
public enum Outcome {
    /** Not yet known: the horizon has not passed and no crash has happened. */
    PENDING,
    /** Alarm raised, crash came within the horizon. */
    TRUE_POSITIVE,
    /** Alarm raised, no crash within the horizon. */
    FALSE_POSITIVE,
    /** No alarm, no crash within the horizon. */
    TRUE_NEGATIVE,
    /** No alarm, crash came within the horizon. */
    FALSE_NEGATIVE
}
