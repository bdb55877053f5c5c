/**
 * The storage machine: a fleet of simulated block devices with SMART-style health counters
 * (reallocated and pending sectors, read errors, latency outliers, command timeouts, temperature),
 * four degradation processes that make some of them fail (media wear, head degradation, a cooling
 * fault, a failing controller) beside benign look-alikes (stable grown defects, scrubs, an HVAC fault
 * warming whole enclosures, bus resets), I/O tasks whose work is lost when their device fails, and
 * the per-device features a predictor may read (docs/detection.md).
 *
 * <p><b>Imports.</b> {@code kos.sim}.
 */
package kos.device;
