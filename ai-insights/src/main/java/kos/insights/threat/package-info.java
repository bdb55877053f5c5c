/**
 * The hostile-task detectors (operator rules, XGBoost4J, the pipeline's MLP), the responder
 * (allowlisted kill or nice, audited) and their evaluation on held-out seeds and unseen attack
 * variants (docs/detection.md).
 *
 * <p><b>Imports.</b> {@code kos.threat}, {@code kos.insights.ml}, {@code kos.insights.autonomy}
 * (the audit record), {@code kos.ml}, {@code kos.sim}, XGBoost4J.
 */
package kos.insights.threat;
