/**
 * What may run: proposed commands are extracted from a backend's text, parsed by the same grammar
 * as the shell's, and judged against an allowlist (read-only, changes the simulation, refused) with
 * the reason in each {@link kos.llm.sandbox.Verdict}.
 *
 * <p><b>Imports.</b> {@code kos.llm.state}, {@code kos.sim}. Nothing here executes a command.
 */
package kos.llm.sandbox;
