/**
 * Flows that cross modules, shared by several commands: the crash predictor and autonomy loop
 * attached to every simulation's memory ({@link kos.shell.app.CrashWiring}), the attention policy's
 * wiring, a scenario script run for an evaluation ({@link kos.shell.app.ScenarioRun}), the session's
 * default memory and scheduler ({@link kos.shell.app.Subsystems}), the feature gates, the live feed
 * of samples for the dashboard and reports, the dashboard's shadow baseline (a paired CFS replay), and
 * SONA on the attention scheduler ({@link kos.shell.app.DecisionRecorder},
 * {@link kos.shell.app.AttentionSonaModel}, the phase evaluation {@link kos.shell.app.SonaEval}).
 *
 * <p><b>Imports.</b> {@code kos.shell} (session and runner) and any kos module. Only other shell
 * packages may import it; it prints nothing itself.
 */
package kos.shell.app;
