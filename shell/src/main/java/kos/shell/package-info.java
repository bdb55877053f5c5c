/**
 * The shell: every user-facing word. {@link kos.shell.KosMain} starts it; {@link
 * kos.shell.CommandRunner} holds one Picocli tree and runs words from the REPL ({@link
 * kos.shell.Repl}, JLine), scripts ({@link kos.shell.ScriptRunner}) and single commands; the base of
 * every command ({@link kos.shell.ShellCommand}, {@link kos.shell.CommandGroup}) and the shared
 * options and output ({@link kos.shell.JsonOption}, {@link kos.shell.OnOff}, {@link
 * kos.shell.ModelsOption}, {@link kos.shell.Output}); the {@link kos.shell.Session} that wires the
 * modules together.
 *
 * <p><b>Imports.</b> Any kos module, picocli, JLine, Jackson, SLF4J and Logback. Nothing outside the
 * shell may import this package or those three libraries (checked by
 * {@code kos.arch.ArchitectureTest}); use cases belong in the module that owns them, a command's
 * {@code run()} only parses, calls and prints.
 */
package kos.shell;
