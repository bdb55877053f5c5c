/**
 * SONA continual learning (docs/sona.md): trajectories, MicroLoRA and BaseLoRA adapters, REINFORCE
 * with a baseline, EWC++ with task-boundary detection, the ReasoningBank of patterns with exact
 * nearest-pattern search, and the three learning loops on virtual time over a {@code SonaModel}.
 *
 * <p><b>Imports.</b> {@code kos.nn}, {@code kos.simd} (its hot math), {@code kos.sim}. The model it
 * adapts (the attention scheduler) is bound in the shell: this package knows no scheduler.
 */
package kos.sona;
