/**
 * The crash-prediction evaluation: every scenario on every seed for every predictor, with and
 * without actions, summarised into recall, warning time, prevention and harms.
 *
 * <p>Entry points: {@link kos.insights.eval.CrashEval}, {@link kos.insights.eval.EvalSummary}.
 *
 * <p><b>Imports.</b> {@code kos.insights.crash}, {@code kos.insights.dashboard}, {@code kos.sim}.
 * Never another AI module ({@code kos.attn}, {@code kos.lora}), never {@code jdk.incubator.vector},
 * picocli, JLine, Logback or {@code kos.shell} (checked by {@code kos.arch.ArchitectureTest}).
 */
package kos.insights.eval;
