package kos.llm.sandbox;

import java.util.List;

/**
 * The sandbox's judgement of one proposed command.
 *
 * @param line          the proposal as the model wrote it (untrusted)
 * @param words         the shell's words for it (empty when it could not be split)
 * @param commandClass  its command path, e.g. {@code memctl compact} (empty when it did not parse)
 * @param allowed       whether it may run
 * @param mutating      whether it changes the simulation
 * @param reason        why it is refused (empty when allowed)
 */
public record Verdict(String line, List<String> words, String commandClass, boolean allowed, boolean mutating, String reason) {
    public Verdict {
        words = List.copyOf(words);
    }
}
