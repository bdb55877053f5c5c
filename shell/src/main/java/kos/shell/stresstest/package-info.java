/**
 * The {@code stresstest} command: memory stresses with the crash predictor and autonomy loop off and
 * on, on the same seed, and their comparison over seeds.
 *
 * <p><b>Imports.</b> {@code kos.shell}, {@code kos.shell.app}, {@code kos.shell.report}, picocli,
 * {@code kos.insights}, {@code kos.mem}, {@code kos.sim}. Only other shell packages may import it.
 */
package kos.shell.stresstest;
