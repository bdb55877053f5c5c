/**
 * The snapshot of a simulated system a question is asked about (memory, CPUs, tasks, I/O, the crash
 * predictor's risk, the scheduler, recent actions) and its prompt encoding, bounded in length, with
 * every untrusted string (a task name) quoted and escaped.
 *
 * <p><b>Imports.</b> {@code kos.mem}, {@code kos.sched}, {@code kos.sim}: it reads the simulation,
 * never changes it.
 */
package kos.llm.state;
