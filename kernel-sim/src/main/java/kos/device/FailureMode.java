package kos.device;

import java.util.List;
import java.util.Locale;

/** How a device degrades before it fails; {@link #NONE} for a device that does not fail in the run. */
public enum FailureMode {
    NONE(0, 0),
    /** Media wear: reallocated sectors grow at an accelerating rate until the spare pool runs out. */
    WEAR(240, 960),
    /** Head degradation: read errors and latency outliers climb steeply, pending sectors appear. */
    HEAD(60, 240),
    /** A cooling fault on the device: its temperature climbs until it shuts down. */
    THERMAL(40, 120),
    /** A failing controller: command timeouts at a rising rate, no sector damage. */
    CONTROLLER(30, 90);

    /** The degradation's duration, onset to failure, is drawn in [minLeadMin, maxLeadMin] minutes. */
    public final int minLeadMin, maxLeadMin;

    FailureMode(int minLeadMin, int maxLeadMin) {
        this.minLeadMin = minLeadMin;
        this.maxLeadMin = maxLeadMin;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The failing modes, in the order they are dealt to failing devices. */
    public static final List<FailureMode> FAILING = List.of(WEAR, HEAD, THERMAL, CONTROLLER);
}
