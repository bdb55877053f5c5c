/**
 * The {@code memctl} command: inspect (status, buddyinfo, fragindex, watermarks, pressure) and act on
 * (alloc, free, compact, reclaim, check, oom-policy, grouping, proactive) the simulated memory.
 *
 * <p><b>Imports.</b> {@code kos.shell}, {@code kos.shell.app}, picocli, {@code kos.mem}, {@code kos.sim}.
 * Only other shell packages may import it.
 */
package kos.shell.memctl;
