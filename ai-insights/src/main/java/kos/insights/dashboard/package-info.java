/**
 * The AI metrics dashboard: the {@link kos.sim.Telemetry} sink ({@link
 * kos.insights.dashboard.AiMetrics}) that AI components record wall-clock latencies and counters
 * into, with windows, rates and snapshots for display. Nothing recorded here feeds a simulated
 * decision.
 *
 * <p><b>Imports.</b> {@code kos.sim}, HdrHistogram, Jackson annotations.
 * Never another AI module ({@code kos.attn}, {@code kos.lora}), never {@code jdk.incubator.vector},
 * picocli, JLine, Logback or {@code kos.shell} (checked by {@code kos.arch.ArchitectureTest}).
 */
package kos.insights.dashboard;
