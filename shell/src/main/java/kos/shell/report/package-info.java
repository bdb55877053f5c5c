/**
 * The {@code report} command and the self-contained HTML page (inline SVG charts, no network) that
 * serves both the live dashboard and the reports of runs and evaluations.
 *
 * <p><b>Imports.</b> {@code kos.shell}, {@code kos.shell.app}, Jackson, {@code kos.sim}. Only other
 * shell packages may import it.
 */
package kos.shell.report;
