/**
 * The simulated physical memory: a buddy page allocator with migrate types, watermarks, compaction,
 * reclaim, the OOM killer and pressure stall information, and the memory workloads.
 *
 * <p>Entry points: {@link kos.mem.PhysicalMemory} (the installed component), {@link
 * kos.mem.MemoryObserver} (told of allocations, OOM events and samples), {@link
 * kos.mem.MemorySnapshot}, {@link kos.mem.MemoryWorkloads}.
 *
 * <p><b>Imports.</b> {@code kos.sim} and the JDK. Never {@code kos.nn} or another model, never the AI
 * modules, {@code jdk.incubator.vector}, picocli, JLine, Logback or {@code kos.shell} (checked by
 * {@code kos.arch.ArchitectureTest}).
 */
package kos.mem;
