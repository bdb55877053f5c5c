/**
 * The simulated CPU scheduler: tasks, CPUs, run queues, costs, metrics, task-mix workloads and
 * job replay.
 *
 * <p>Entry points for other subsystems:
 * <ul>
 * <li>{@link kos.sched.SchedulingPolicy} - the one policy extension point; a
 * {@link kos.sched.PolicyFactory} registered in {@link kos.sched.PolicyRegistry#standard()} (or
 * listed in {@code META-INF/services/kos.sched.PolicyFactory}) makes it selectable with
 * {@code schedctl policy NAME}. Policies see {@link kos.sched.SchedTask}, never true remaining
 * work unless they declare {@link kos.sched.SchedulingPolicy#needsOracle()}.</li>
 * <li>{@link kos.sched.Scheduler#of(kos.sim.Simulation)} - the installed scheduler component.</li>
 * <li>{@link kos.sched.SchedObserver}, {@link kos.sched.Scheduler#stats()} and
 * {@link kos.sched.Scheduler#metrics()} - events and reports.</li>
 * <li>{@link kos.sched.SchedEval#run(kos.sched.SchedEval.Spec)} - evaluate a policy on a named mix
 * in a fresh simulation (thread-safe).</li>
 * <li>{@link kos.sched.PolicyHarness} - drive one policy without the engine (benchmarks, policy tests).</li>
 * </ul>
 *
 * <p><b>Imports.</b> {@code kos.sim}, {@code kos.sched.policy} (the built-in policies it registers)
 * and the JDK. Never {@code kos.nn} or another model (the attention scheduler plugs in from
 * sched-transformer through {@link kos.sched.PolicyFactory}), never the AI modules,
 * {@code jdk.incubator.vector}, picocli, JLine, Logback or {@code kos.shell} (checked by
 * {@code kos.arch.ArchitectureTest}).
 */
package kos.sched;
