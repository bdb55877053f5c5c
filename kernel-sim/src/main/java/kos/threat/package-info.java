/**
 * The threat machine: a small deterministic simulator with tick-based CPU accounting, a shared
 * last-level cache and a buddy zone, where hostile tasks (fork bomb, tick cheater, fragmentation,
 * cache thrashing, runaway allocation) run beside benign look-alikes; and the per-task features a
 * detector may read, from kernel counters only (docs/detection.md).
 *
 * <p><b>Imports.</b> {@code kos.mem}, {@code kos.sim}.
 */
package kos.threat;
