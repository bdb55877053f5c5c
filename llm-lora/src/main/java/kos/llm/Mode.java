package kos.llm;

import kos.sim.KosException;

import java.util.Locale;

/** What llmctl does with the commands an answer proposes. */
public enum Mode {
    /** Print them with the sandbox's verdict; run nothing (the default). */
    SUGGEST,
    /** Ask on the terminal before each allowed one; without a terminal, run nothing. */
    CONFIRM,
    /** Run the allowed ones; report the refused ones with the reason. */
    AUTO;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode parse(String s) {
        for (Mode m : values()) {
            if (m.label().equalsIgnoreCase(s.strip())) {
                return m;
            }
        }
        throw new KosException("unknown mode '" + s + "': expected suggest, confirm or auto");
    }
}
