package kos.llm;

import kos.llm.state.StateSnapshot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Every command llmctl executed, with the question that caused it: the newest {@value #KEEP}.
 * (The autonomy loop's audit log in ai-insights has no entry point for other actors, so llmctl
 * keeps its own; its entries also reach the snapshot's recent actions.)
 */
public final class LlmAudit {
    public static final int KEEP = 256;

    /**
     * @param timeNs   virtual time when it ran
     * @param question the operator's question (untrusted text)
     * @param command  the command line as run
     * @param exitCode its exit code (0 = success)
     * @param backend  the backend whose answer proposed it
     */
    public record Entry(long timeNs, String question, String command, int exitCode, String backend) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    public synchronized void record(Entry e) {
        if (entries.size() == KEEP) {
            entries.removeFirst();
        }
        entries.addLast(e);
    }

    /** The newest {@code n}, oldest first. */
    public synchronized List<Entry> last(int n) {
        List<Entry> all = new ArrayList<>(entries);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** The newest {@code n} as snapshot actions. */
    public List<StateSnapshot.Action> actions(int n) {
        return last(n).stream().map(e -> new StateSnapshot.Action(e.timeNs(), "llmctl", e.command(), "asked: " + e.question(),
                e.exitCode() == 0 ? "ok" : "exit " + e.exitCode())).toList();
    }
}
