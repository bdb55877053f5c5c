/**
 * The device-failure predictors (vendor-style SMART thresholds, XGBoost4J, the pipeline's MLP), the
 * responder (migrate a device's I/O to a healthy one, audited) and their evaluation on held-out
 * seeds (docs/detection.md).
 *
 * <p><b>Imports.</b> {@code kos.device}, {@code kos.insights.ml}, {@code kos.insights.threat} (the
 * XGBoost4J wrapper), {@code kos.insights.autonomy} (the audit record), {@code kos.ml}, {@code kos.sim}.
 */
package kos.insights.device;
