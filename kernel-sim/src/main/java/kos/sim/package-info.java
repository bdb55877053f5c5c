/**
 * The simulation engine: virtual time in nanoseconds, the event queue, named seeded random
 * streams ({@link kos.sim.RandomStreams}, {@link kos.sim.SeedStream}), the process table, the
 * workload catalog, the trace and its digest, telemetry, and the shared error type
 * {@link kos.sim.KosException}.
 *
 * <p>Entry points: {@link kos.sim.Simulation} (create, {@code install} components, run), {@link
 * kos.sim.EventTarget}, {@link kos.sim.Workload} and {@link kos.sim.WorkloadCatalog}, {@link
 * kos.sim.Trace}, {@link kos.sim.Telemetry}.
 *
 * <p><b>Imports.</b> The JDK only: it is the bottom layer. Never another kos package, never
 * {@code jdk.incubator.vector}, picocli, JLine, Logback or {@code kos.shell} (checked by
 * {@code kos.arch.ArchitectureTest}).
 */
package kos.sim;
