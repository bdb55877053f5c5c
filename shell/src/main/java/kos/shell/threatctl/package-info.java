/**
 * The {@code threatctl} command: runs of the threat scenarios under a detector and the responder,
 * their status and audit log, and the evaluation of the detectors (docs/detection.md).
 *
 * <p><b>Imports.</b> {@code kos.shell}, {@code kos.shell.app} (feature gates), picocli,
 * {@code kos.insights.threat}, {@code kos.insights.ml}, {@code kos.threat}, {@code kos.sim}.
 * Only other shell packages may import it.
 */
package kos.shell.threatctl;
