/**
 * The {@code devctl} command: a simulated day of the storage machine under a failure predictor and
 * the migrate responder, the devices' health counters and scores, and the evaluation of the
 * predictors (docs/detection.md).
 *
 * <p><b>Imports.</b> {@code kos.shell}, {@code kos.shell.app} (feature gates, seed lists), picocli,
 * {@code kos.insights.device}, {@code kos.insights.ml}, {@code kos.device}, {@code kos.sim}. Only
 * other shell packages may import it.
 */
package kos.shell.devctl;
