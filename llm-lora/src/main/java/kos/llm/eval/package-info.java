/**
 * The state-inference evaluation ({@code llmctl eval}): the question corpus with its training,
 * paraphrase and held-out sets, live systems built per scenario, the runner and the confidence
 * threshold's fit on training questions only.
 *
 * <p><b>Imports.</b> {@code kos.llm} and its sub-packages, {@code kos.sim}, Jackson.
 */
package kos.llm.eval;
