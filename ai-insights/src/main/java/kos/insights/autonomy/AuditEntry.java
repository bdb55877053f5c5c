package kos.insights.autonomy;

/**
 * One decision of the autonomy loop, acted on or not.
 *
 * @param timeNs     virtual time of the decision
 * @param action     {@code compact}, {@code reclaim}, {@code kill}, {@code safe-mode-on}, {@code safe-mode-off},
 *                   or {@code skip} when an alarm could not be acted on
 * @param reason     why: the prediction (cause and confidence) or the limit that blocked it
 * @param detail     the result: pages migrated or freed, the victim, its footprint
 */
public record AuditEntry(long timeNs, String action, String reason, String detail) {}
