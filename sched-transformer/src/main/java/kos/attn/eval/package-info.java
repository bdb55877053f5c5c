/**
 * The scheduling evaluation matrix: every (mix, load, CPUs, policy, seed) cell run through
 * {@link kos.sched.SchedEval} in parallel and merged in a fixed order.
 *
 * <p><b>Imports.</b> {@code kos.sched}, {@code kos.sim}. Never another AI module, {@code
 * jdk.incubator.vector}, picocli, JLine, Logback or {@code kos.shell} (checked by
 * {@code kos.arch.ArchitectureTest}).
 */
package kos.attn.eval;
