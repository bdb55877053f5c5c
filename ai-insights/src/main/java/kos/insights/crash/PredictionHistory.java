package kos.insights.crash;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Predictions and their outcomes. A prediction made at time t is an alarm when its confidence is
 * at least the threshold in force when it was made. Its outcome is resolved
 * <ul>
 *   <li>when a crash happens at time c with {@code t <= c <= t + horizon}: positive
 *       (TRUE_POSITIVE if alarm, else FALSE_NEGATIVE);</li>
 *   <li>when time passes {@code t + horizon} with no crash: negative (FALSE_POSITIVE if alarm,
 *       else TRUE_NEGATIVE).</li>
 * </ul>
 * Predictions still pending when a run ends are not counted. The last {@code keep} entries are
 * kept for display; the counts cover every resolved prediction.
 */
public final class PredictionHistory {
    /** One prediction as recorded. */
    public record Entry(long timeNs, double confidence, boolean alarm, CrashCause cause, Outcome outcome) {}

    private final long horizonNs;
    private final int keep;
    private final java.util.function.Consumer<Entry> onResolved;
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private long tp, fp, tn, fn;

    public PredictionHistory(long horizonNs, int keep) {
        this(horizonNs, keep, e -> {});
    }

    /** @param onResolved told of every prediction as it is resolved (with its outcome) */
    public PredictionHistory(long horizonNs, int keep, java.util.function.Consumer<Entry> onResolved) {
        this.horizonNs = horizonNs;
        this.keep = keep;
        this.onResolved = onResolved;
    }

    public long horizonNs() {
        return horizonNs;
    }

    /** Records a prediction; first resolves everything whose horizon has passed by its time. */
    public void record(Prediction p, double threshold) {
        record(p.timeNs(), p.confidence(), p.cause(), threshold);
    }

    /** Records a prediction made at {@code timeNs} from its confidence and cause. */
    public void record(long timeNs, double confidence, CrashCause cause, double threshold) {
        advance(timeNs);
        pending.addLast(new Entry(timeNs, confidence, confidence >= threshold, cause, Outcome.PENDING));
    }

    /** Resolves as negative every pending prediction whose horizon ended before {@code nowNs}. */
    public void advance(long nowNs) {
        while (!pending.isEmpty() && pending.peekFirst().timeNs() + horizonNs < nowNs) {
            Entry e = pending.removeFirst();
            resolve(e, e.alarm() ? Outcome.FALSE_POSITIVE : Outcome.TRUE_NEGATIVE);
        }
    }

    /** A crash at {@code crashNs}: every pending prediction within the horizon resolves as positive. */
    public void crash(long crashNs) {
        advance(crashNs);
        for (Iterator<Entry> it = pending.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            it.remove();
            resolve(e, e.alarm() ? Outcome.TRUE_POSITIVE : Outcome.FALSE_NEGATIVE);
        }
    }

    private void resolve(Entry e, Outcome o) {
        switch (o) {
            case TRUE_POSITIVE -> tp++;
            case FALSE_POSITIVE -> fp++;
            case TRUE_NEGATIVE -> tn++;
            case FALSE_NEGATIVE -> fn++;
            default -> throw new IllegalArgumentException(o.name());
        }
        Entry resolved = new Entry(e.timeNs(), e.confidence(), e.alarm(), e.cause(), o);
        recent.addLast(resolved);
        onResolved.accept(resolved);
        while (recent.size() > keep) {
            recent.removeFirst();
        }
    }

    /** The newest {@code n} entries, resolved ones first then pending ones, oldest first. */
    public List<Entry> last(int n) {
        List<Entry> all = new ArrayList<>(recent);
        all.addAll(pending);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    public Counts counts() {
        return new Counts(tp, fp, tn, fn, pending.size());
    }

    /** Resolved counts and the usual ratios (0 when undefined). */
    public record Counts(
            long truePositives, long falsePositives, long trueNegatives, long falseNegatives, long pending) {
        public long resolved() {
            return truePositives + falsePositives + trueNegatives + falseNegatives;
        }

        public double precision() {
            long d = truePositives + falsePositives;
            return d == 0 ? 0 : (double) truePositives / d;
        }

        public double recall() {
            long d = truePositives + falseNegatives;
            return d == 0 ? 0 : (double) truePositives / d;
        }

        public double accuracy() {
            long d = resolved();
            return d == 0 ? 0 : (double) (truePositives + trueNegatives) / d;
        }
    }
}
