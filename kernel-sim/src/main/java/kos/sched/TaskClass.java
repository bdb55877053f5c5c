package kos.sched;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import kos.sim.KosException;

/** What kind of work a task does; metrics are reported per class as well as in aggregate. */
public enum TaskClass {
    INTERACTIVE("interactive"),
    BATCH("batch"),
    IO_BOUND("io-bound"),
    REALTIME("realtime");

    private final String label;

    TaskClass(String label) {
        this.label = label;
    }

    /** The lower-case name users type and reports print. */
    public String label() {
        return label;
    }

    public static TaskClass parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (TaskClass c : values()) {
            if (c.label.equals(t) || (c == IO_BOUND && t.equals("io"))) {
                return c;
            }
        }
        throw new KosException("unknown task class '" + text + "': expected one of "
                + Arrays.stream(values()).map(TaskClass::label).collect(Collectors.joining(", ")));
    }
}
