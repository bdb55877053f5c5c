package kos.sim;

/**
 * A crash of the simulated kernel (for example an out-of-memory panic).
 *
 * @param timeNs    virtual time of the crash
 * @param subsystem the subsystem that crashed it, such as {@code mem}
 * @param cause     a short machine-readable cause, such as {@code oom-lack-of-memory}
 * @param detail    one human-readable sentence
 */
public record Crash(long timeNs, String subsystem, String cause, String detail) {}
