/**
 * The {@code llmctl}, {@code llminfer} and {@code llmstats} commands: questions about the simulated
 * system answered by a language model over a snapshot of it ({@code kos.llm}), with the commands it
 * proposes checked by the shell's own parser and an allowlist before anything runs.
 *
 * <p><b>Imports.</b> {@code kos.shell}, {@code kos.shell.app}, picocli, {@code kos.llm}, {@code kos.insights},
 * {@code kos.attn}, {@code kos.sched}, {@code kos.mem}, {@code kos.sim}. Only other shell packages may import it.
 */
package kos.shell.llmctl;
