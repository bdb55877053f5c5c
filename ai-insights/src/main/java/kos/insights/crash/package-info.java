/**
 * The OOM crash predictor: memory samples and features, the predictors (kos's logistic model and
 * the classical baselines: earlyoom, systemd-oomd, a four-factor rule, proactive compaction),
 * their calibration and fit, and the {@link kos.insights.crash.CrashMonitor} that samples a
 * simulation's memory and resolves predictions against OOM events.
 *
 * <p>Entry points: {@link kos.insights.crash.Predictors} (by name), {@link
 * kos.insights.crash.CrashMonitor}, {@link kos.insights.crash.LogisticFit}.
 *
 * <p><b>Imports.</b> {@code kos.sim}, {@code kos.mem}, {@code kos.simd}, Jackson, the SLF4J API.
 * Never another AI module ({@code kos.attn}, {@code kos.lora}), never {@code jdk.incubator.vector},
 * picocli, JLine, Logback or {@code kos.shell} (checked by {@code kos.arch.ArchitectureTest}).
 */
package kos.insights.crash;
