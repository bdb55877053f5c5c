/**
 * The language-model backends behind one interface: the embedded one (the MiniLM sentence encoder
 * in ONNX, shipped in langchain4j's artifact, mapping a question and the situation to a playbook
 * intent whose slots are filled from the snapshot) and any OpenAI-compatible server.
 *
 * <p><b>Imports.</b> {@code kos.llm.state}, {@code kos.sim}, Jackson, langchain4j's embedding model
 * and ONNX Runtime. No HTTP parsing of its own.
 */
package kos.llm.backend;
