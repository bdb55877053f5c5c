/**
 * Workload generators beyond the memory and task mixes: services with daily demand patterns and
 * noise ({@code workload start diurnal}), and the sampler that records what a forecaster may see
 * (the scheduler's and the allocator's counters, never the generator's hidden state).
 *
 * <p><b>Imports.</b> {@code kos.mem}, {@code kos.sched}, {@code kos.sim}. Nothing above kernel-sim.
 */
package kos.workload;
