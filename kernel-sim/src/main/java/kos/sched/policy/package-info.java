/**
 * The built-in scheduling policies (FIFO, round robin, SJF/STCF/SRPT with the oracle, MLFQ, CFS,
 * EEVDF, EDF with CBS servers) and the allocation-free queues they share ({@link
 * kos.sched.policy.TaskHeap}, {@link kos.sched.policy.TaskList}). {@link
 * kos.sched.policy.BuiltinPolicies} registers them; everything else reaches a policy through
 * {@link kos.sched.PolicyRegistry} by name.
 *
 * <p><b>Imports.</b> {@code kos.sched} (the policy extension point) and {@code kos.sim}. Never {@code
 * kos.nn}, the AI modules, {@code jdk.incubator.vector}, picocli, JLine, Logback or {@code kos.shell}
 * (checked by {@code kos.arch.ArchitectureTest}).
 */
package kos.sched.policy;
