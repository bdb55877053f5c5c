package kos.mem;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * kos's prefetcher: a per-stream stride table (the last delta and a saturating confidence, as in
 * hardware reference-prediction tables) and a per-stream correlation table (the page that followed
 * each page last time: Markov prefetching, which covers pointer chasing once a structure has been
 * walked), optionally filtered by a {@link CandidateFilter} (the learned model) that drops
 * candidates unlikely to be used before eviction.
 *
 * <p>Stride candidates: {@code index + k * stride} for k = 1..degree once the stride repeated
 * twice; the degree grows with the stream's measured prefetch accuracy (2 to {@code maxDegree}).
 * Correlation candidates: a chain of up to {@code corrDepth} successors from the table.
 */
public final class StridePrefetcher implements Prefetcher, PageCache.PrefetchListener {
    /** Decides whether one candidate is worth reading; gets {@link #FEATURES} in order. */
    public interface CandidateFilter {
        boolean accept(double[] features);
    }

    /** The features of a candidate, for the learned filter. */
    public static final java.util.List<String> FEATURES = java.util.List.of(
            "from_stride",
            "from_corr",
            "distance",
            "stride_conf",
            "corr_seen",
            "stream_accuracy",
            "stream_hit_rate",
            "unit_stride",
            "log_abs_stride");

    private static final int MAX_CORR_ENTRIES = 1 << 16;

    /** Per-stream state. */
    private static final class Stream {
        long prev = -1, stride, strideConf;
        double accuracy = 0.5, hitRate = 0.5;
        final LinkedHashMap<Long, long[]> next =
                new LinkedHashMap<>(64, 0.75f, true) { // page -> {successor, times seen}
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, long[]> e) {
                        return size() > MAX_CORR_ENTRIES;
                    }
                };
    }

    /** Observes one candidate and whether it was issued (for collecting the filter's training data). */
    public interface CandidateObserver {
        void onCandidate(int task, long key, double[] features, boolean issued);

        /** An issued prefetch was used ({@code used}) or evicted unused. */
        default void onOutcome(long key, boolean used) {}
    }

    private final int maxDegree, corrDepth;
    private final CandidateFilter filter;
    private final String name;
    private final Map<Long, Stream> streams = new HashMap<>();
    /** Which stream issued each outstanding prefetch (cleared on its outcome). */
    private final Map<Long, Long> owner = new HashMap<>();

    private final double[] features = new double[FEATURES.size()];
    private CandidateObserver observer;

    public StridePrefetcher(String name, int maxDegree, int corrDepth, CandidateFilter filter) {
        this.name = name;
        this.maxDegree = maxDegree;
        this.corrDepth = corrDepth;
        this.filter = filter;
    }

    /** Stride and correlation tables, no filter. */
    public static StridePrefetcher tables() {
        return new StridePrefetcher("stride+corr", 8, 4, null);
    }

    public void observer(CandidateObserver o) {
        this.observer = o;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long onAccess(PageCache cache, int task, long file, long index, boolean hit) {
        long sid = (long) task << 32 ^ file;
        Stream s = streams.computeIfAbsent(sid, k -> new Stream());
        s.hitRate = 0.9 * s.hitRate + 0.1 * (hit ? 1 : 0);
        if (s.prev >= 0) {
            long d = index - s.prev;
            if (d == s.stride && d != 0) {
                s.strideConf = Math.min(3, s.strideConf + 1);
            } else {
                s.strideConf = Math.max(0, s.strideConf - 1);
                if (s.strideConf == 0) {
                    s.stride = d;
                }
            }
            long[] e = s.next.get(s.prev);
            if (e == null) {
                s.next.put(s.prev, new long[] {index, 1});
            } else if (e[0] == index) {
                e[1] = Math.min(3, e[1] + 1);
            } else {
                e[0] = index;
                e[1] = 1;
            }
        }
        s.prev = index;
        long first = -1;
        // correlation first: when the table knows the successor, it is the better guess for irregular streams
        long cur = index;
        for (int k = 1; k <= corrDepth; k++) {
            long[] e = s.next.get(cur);
            if (e == null) {
                break;
            }
            consider(cache, s, sid, task, file, e[0], false, k, e[1]);
            if (k == 1) {
                first = e[0];
            }
            cur = e[0];
        }
        if (s.strideConf >= 2 && s.stride != 0) {
            int degree = (int) Math.max(2, Math.round(maxDegree * s.accuracy));
            for (int k = 1; k <= degree; k++) {
                long p = index + k * s.stride;
                if (p < 0) {
                    break;
                }
                consider(cache, s, sid, task, file, p, true, k, 0);
            }
            if (first < 0) {
                first = index + s.stride;
            }
        }
        return first;
    }

    private void consider(
            PageCache cache,
            Stream s,
            long sid,
            int task,
            long file,
            long page,
            boolean fromStride,
            int k,
            long corrSeen) {
        if (page < 0 || cache.contains(file, page)) {
            return;
        }
        features[0] = fromStride ? 1 : 0;
        features[1] = fromStride ? 0 : 1;
        features[2] = k;
        features[3] = s.strideConf;
        features[4] = corrSeen;
        features[5] = s.accuracy;
        features[6] = s.hitRate;
        features[7] = Math.abs(s.stride) == 1 ? 1 : 0;
        features[8] = StrictMath.log1p(Math.abs(s.stride));
        boolean ok = filter == null || filter.accept(features);
        if (observer != null) {
            observer.onCandidate(task, PageCache.key(file, page), features, ok);
        }
        if (ok && cache.prefetch(file, page)) {
            owner.put(PageCache.key(file, page), sid);
        }
    }

    @Override
    public void onPrefetchOutcome(long key, boolean used) {
        if (observer != null) {
            observer.onOutcome(key, used);
        }
        Long sid = owner.remove(key);
        if (sid != null) {
            Stream s = streams.get(sid);
            if (s != null) {
                s.accuracy = 0.95 * s.accuracy + 0.05 * (used ? 1 : 0);
            }
        }
    }
}
