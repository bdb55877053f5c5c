/**
 * State inference end to end (docs/state-inference.md): one question goes through a snapshot and its prompt
 * ({@code kos.llm.state}), a backend ({@code kos.llm.backend}), the sandbox that judges every
 * proposed command ({@code kos.llm.sandbox}) and, by {@link kos.llm.Mode}, the commands that run,
 * each in the audit.
 *
 * <p><b>Imports.</b> Its sub-packages and {@code kos.sim}. Running a command goes through a
 * callback the shell supplies: this package parses and prints nothing.
 */
package kos.llm;
