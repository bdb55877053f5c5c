package kos.sona;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import kos.nn.Safetensors;
import kos.nn.SafetensorsFile;
import kos.nn.Tensor;
import kos.sim.KosException;
import kos.simd.FloatKernels;

/**
 * The patterns SONA has learned: k-means++ clusters of trajectory embeddings
 * ({@link #extract}), each with centroid, size, decaying weight, quality (mean reward), access
 * count and a few exemplar steps for dream replay. A new cluster whose centroid lies within
 * {@code mergeRadius} of an existing pattern is merged into it; beyond {@code maxPatterns} the
 * lowest-weight patterns are pruned. {@link #consolidate} decays every weight, prunes what fell
 * below a floor and merges patterns that drifted together.
 *
 * <p>{@link #nearest} is an exact search: a {@link BlockedPatternIndex} over the centroids in
 * pattern order (ids ascending), and from {@link #QUANTIZED_FROM} patterns on a {@link
 * QuantizedPatternIndex} built from it, whose answer is the blocked scan's bit for bit but reads a
 * quarter of the bytes (the 100K x 64 bank). Ties go to the lower slot, i.e. the older
 * pattern. The index is rebuilt lazily, at the first search after the patterns changed; new
 * patterns are appended to it. Not thread-safe; deterministic for a given stream.
 */
public final class ReasoningBank {
    private final FloatKernels k;
    private final int dim, clusters, maxPatterns, maxExemplars;
    private final double mergeRadius2;
    private final List<Pattern> patterns = new ArrayList<>();
    /** From this many patterns on, searches go through the byte-coded {@link QuantizedPatternIndex}. */
    public static final int QUANTIZED_FROM = 4096;

    private final BlockedPatternIndex index;
    private QuantizedPatternIndex quantized;
    private boolean stale;
    private long nextId = 1, extracted, merged, pruned, lookups;

    public ReasoningBank(FloatKernels k, int dim, int clusters, int maxPatterns, double mergeRadius, int maxExemplars) {
        if (clusters < 1 || maxPatterns < 1 || maxExemplars < 0) {
            throw new KosException("reasoning bank: clusters and capacity must be positive");
        }
        this.k = k;
        this.dim = dim;
        this.clusters = clusters;
        this.maxPatterns = maxPatterns;
        this.mergeRadius2 = mergeRadius * mergeRadius;
        this.maxExemplars = maxExemplars;
        if ((long) dim * (maxPatterns + clusters) > Integer.MAX_VALUE - 64) {
            throw new KosException("reasoning bank: " + maxPatterns + " patterns of " + dim + " floats do not fit");
        }
        this.index = new BlockedPatternIndex(k, dim, maxPatterns + clusters);
    }

    /** Clusters the buffer's step embeddings into at most {@code clusters} new patterns and files them; returns how many were new. */
    public int extract(TrajectoryBuffer buf, long nowNs, SplittableRandom random) {
        int n = buf.size();
        if (n == 0) {
            return 0;
        }
        if (buf.embeddingDim() != dim) {
            throw new IllegalArgumentException("embedding dimension " + buf.embeddingDim() + " != " + dim);
        }
        KMeansPlusPlus.Result r = KMeansPlusPlus.cluster(k, buf.embeddings(), 0, n, dim, clusters, 20, random);
        int added = 0;
        for (int j = 0; j < r.k(); j++) {
            if (r.sizes()[j] == 0) {
                continue;
            }
            double q = 0;
            for (int i = 0; i < n; i++) {
                if (r.assignment()[i] == j) {
                    q += buf.reward(i);
                }
            }
            float[] c = java.util.Arrays.copyOfRange(r.centroids(), j * dim, (j + 1) * dim);
            Pattern p = new Pattern(nextId++, c, r.sizes()[j], q / r.sizes()[j], nowNs);
            addExemplars(p, buf, r, j);
            extracted++;
            Pattern near = nearestPattern(c);
            if (near != null && KMeansPlusPlus.dist2(k, near.centroid, 0, c, 0, dim) <= mergeRadius2) {
                near.merge(p, maxExemplars);
                merged++;
                reindex(); // the merged pattern's centroid moved
            } else {
                append(p);
                added++;
            }
        }
        pruneToCapacity();
        return added;
    }

    /**
     * Files a pattern made elsewhere (no exemplars): its centroid, member count and quality, created
     * at {@code nowNs}. Beyond the capacity the lowest-weight patterns are pruned, as after {@link
     * #extract}. Returns the new pattern (which may itself have been pruned).
     */
    public Pattern add(float[] centroid, long size, double quality, long nowNs) {
        if (centroid.length != dim) {
            throw new KosException("pattern of dimension " + centroid.length + ", the bank holds " + dim);
        }
        if (size < 1) {
            throw new KosException("a pattern needs at least one member");
        }
        Pattern p = new Pattern(nextId++, centroid.clone(), size, quality, nowNs);
        append(p);
        pruneToCapacity();
        return p;
    }

    private void append(Pattern p) {
        patterns.add(p);
        if (!stale) {
            index.add(p.centroid, 0);
        }
        quantized = null;
    }

    /** The cluster's steps nearest its centroid (ties to the earlier step), copied. */
    private void addExemplars(Pattern p, TrajectoryBuffer buf, KMeansPlusPlus.Result r, int j) {
        List<int[]> members = new ArrayList<>();
        List<Double> dist = new ArrayList<>();
        for (int i = 0; i < buf.size(); i++) {
            if (r.assignment()[i] == j) {
                members.add(new int[] {i});
                dist.add(
                        KMeansPlusPlus.dist2(k, buf.embeddings(), buf.embeddingOffset(i), r.centroids(), j * dim, dim));
            }
        }
        Integer[] order = new Integer[members.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(
                order, Comparator.<Integer>comparingDouble(dist::get).thenComparingInt(i -> i));
        int m = Math.min(maxExemplars, order.length);
        p.exemplarRows = new float[m][];
        p.exemplarN = new int[m];
        p.exemplarTarget = new float[m];
        p.exemplarReward = new float[m];
        for (int e = 0; e < m; e++) {
            int step = members.get(order[e])[0];
            float[] rows = new float[buf.rows(step) * buf.width()];
            buf.copyRows(step, rows);
            p.exemplarRows[e] = rows;
            p.exemplarN[e] = buf.rows(step);
            p.exemplarTarget[e] = buf.target(step);
            p.exemplarReward[e] = buf.reward(step);
        }
    }

    private Pattern nearestPattern(float[] q) {
        int s = nearestSlot(q, 0);
        return s < 0 ? null : patterns.get(s);
    }

    /** The patterns changed other than by an append: the index is rebuilt at the next search. */
    private void reindex() {
        stale = true;
        quantized = null;
    }

    /** The slot (position in {@link #patterns}) nearest to q, ties to the lower slot; -1 when empty. */
    private int nearestSlot(float[] q, int off) {
        if (stale) {
            index.clear();
            for (Pattern p : patterns) {
                index.add(p.centroid, 0);
            }
            stale = false;
        }
        int n = patterns.size();
        if (n < QUANTIZED_FROM) {
            return index.nearest(q, off);
        }
        if (quantized == null) {
            float[] rows = new float[n * dim];
            for (int i = 0; i < n; i++) {
                System.arraycopy(patterns.get(i).centroid, 0, rows, i * dim, dim);
            }
            quantized = QuantizedPatternIndex.of(k, rows, 0, n, dim);
        }
        return quantized.nearest(q, off);
    }

    private void pruneToCapacity() {
        if (patterns.size() <= maxPatterns) {
            return;
        }
        patterns.sort(Comparator.comparingDouble((Pattern p) -> -p.weight).thenComparingLong(p -> p.id));
        while (patterns.size() > maxPatterns) {
            patterns.remove(patterns.size() - 1);
            pruned++;
        }
        patterns.sort(Comparator.comparingLong(p -> p.id));
        reindex();
    }

    /** The pattern nearest to {@code q} (counted as an access at {@code nowNs}), or null when empty. */
    public Pattern nearest(float[] q, int off, long nowNs) {
        int s = nearestSlot(q, off);
        if (s < 0) {
            return null;
        }
        Pattern p = patterns.get(s);
        p.accessCount++;
        p.lastAccessNs = nowNs;
        lookups++;
        return p;
    }

    /** Decays every weight by {@code decay}, prunes patterns under {@code floor},
     * merges patterns within the radius; returns {pruned, merged}. */
    public int[] consolidate(double decay, double floor) {
        int pr = 0, mg = 0;
        for (Pattern p : patterns) {
            p.weight *= decay;
        }
        for (int i = patterns.size() - 1; i >= 0; i--) {
            if (patterns.get(i).weight < floor) {
                patterns.remove(i);
                pr++;
            }
        }
        for (int i = 0; i < patterns.size(); i++) {
            for (int j = patterns.size() - 1; j > i; j--) {
                if (KMeansPlusPlus.dist2(k, patterns.get(i).centroid, 0, patterns.get(j).centroid, 0, dim)
                        <= mergeRadius2) {
                    patterns.get(i).merge(patterns.remove(j), maxExemplars);
                    mg++;
                }
            }
        }
        pruned += pr;
        merged += mg;
        reindex();
        return new int[] {pr, mg};
    }

    /** True when the last search went through the byte-coded index (tests). */
    boolean searchesQuantized() {
        return quantized != null;
    }

    public List<Pattern> patterns() {
        return List.copyOf(patterns);
    }

    public int size() {
        return patterns.size();
    }

    public int dim() {
        return dim;
    }

    public long extracted() {
        return extracted;
    }

    public long merged() {
        return merged;
    }

    public long pruned() {
        return pruned;
    }

    public long lookups() {
        return lookups;
    }

    public void clear() {
        patterns.clear();
        reindex();
    }

    // ---------------------------------------------------------------- persistence

    static final String FORMAT = "kos-sona-patterns";

    /** Writes the patterns (centroids and statistics, not exemplars) as safetensors, atomically. */
    public void save(Path file) {
        int n = patterns.size();
        float[] c = new float[Math.max(1, n) * dim];
        float[] st = new float[Math.max(1, n) * 4];
        for (int i = 0; i < n; i++) {
            Pattern p = patterns.get(i);
            System.arraycopy(p.centroid, 0, c, i * dim, dim);
            st[i * 4] = p.size;
            st[i * 4 + 1] = (float) p.weight;
            st[i * 4 + 2] = (float) p.quality;
            st[i * 4 + 3] = p.accessCount;
        }
        Map<String, Tensor> t = new TreeMap<>();
        t.put("centroids", Tensor.f32(c, Math.max(1, n), dim));
        t.put("stats", Tensor.f32(st, Math.max(1, n), 4));
        Safetensors.write(
                file, t, Map.of("format", FORMAT, "patterns", Integer.toString(n), "dim", Integer.toString(dim)));
    }

    /**
     * Replaces the patterns by those in {@code file}. Everything is checked before anything
     * changes: a file that is not a kos pattern file, or one of another dimension, is one clear line.
     */
    public void load(Path file) {
        SafetensorsFile f = Safetensors.read(file);
        String src = file.toString();
        if (!FORMAT.equals(f.metadata().get("format"))) {
            throw new KosException(src + ": not a SONA pattern file (metadata format is not " + FORMAT + ")");
        }
        Tensor c = f.tensors().get("centroids"), st = f.tensors().get("stats");
        int n;
        try {
            n = Integer.parseInt(f.metadata().getOrDefault("patterns", "-1"));
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (c == null
                || st == null
                || n < 0
                || n > maxPatterns
                || c.data().length != Math.max(1, n) * dim
                || st.data().length != Math.max(1, n) * 4) {
            throw new KosException(src + ": pattern file does not hold " + dim + "-dimensional patterns (at most "
                    + maxPatterns + ")");
        }
        List<Pattern> loaded = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] cen = java.util.Arrays.copyOfRange(c.data(), i * dim, (i + 1) * dim);
            Pattern p = new Pattern(nextId + i, cen, (long) st.data()[i * 4], st.data()[i * 4 + 2], 0);
            p.weight = st.data()[i * 4 + 1];
            p.accessCount = (long) st.data()[i * 4 + 3];
            loaded.add(p);
        }
        nextId += n;
        patterns.clear();
        patterns.addAll(loaded);
        reindex();
    }
}
