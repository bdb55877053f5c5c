/**
 * The autonomy loop: acts on the crash predictor's warnings through the simulated kernel
 * (compaction, reclaim, killing a process) and keeps an audit log of what it did and why.
 *
 * <p>Entry point: {@link kos.insights.autonomy.AutonomyLoop}.
 *
 * <p><b>Imports.</b> {@code kos.insights.crash}, {@code kos.mem}, {@code kos.sim}.
 * Never another AI module ({@code kos.attn}, {@code kos.lora}), never {@code jdk.incubator.vector},
 * picocli, JLine, Logback or {@code kos.shell} (checked by {@code kos.arch.ArchitectureTest}).
 */
package kos.insights.autonomy;
