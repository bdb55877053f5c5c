package kos.sona;

/**
 * A learned pattern: a cluster of trajectory embeddings. Mutable by the {@link ReasoningBank} that
 * owns it.
 *
 * @see ReasoningBank
 */
public final class Pattern {
    final long id;
    final float[] centroid;
    long size;
    /** Decaying importance: starts at the cluster size, multiplied by the decay factor at each consolidation. */
    double weight;
    /** Mean reward of the cluster's steps. */
    double quality;
    long accessCount;
    final long createdNs;
    long lastAccessNs;
    /** Exemplar steps (the ones nearest the centroid) for dream replay: rows, row counts, targets, rewards. */
    float[][] exemplarRows = new float[0][];
    int[] exemplarN = new int[0];
    float[] exemplarTarget = new float[0];
    float[] exemplarReward = new float[0];

    Pattern(long id, float[] centroid, long size, double quality, long nowNs) {
        this.id = id;
        this.centroid = centroid;
        this.size = size;
        this.weight = size;
        this.quality = quality;
        this.createdNs = nowNs;
        this.lastAccessNs = nowNs;
    }

    /**
     * Absorbs {@code o}: size-weighted centroid and quality, summed size, weight and access counts,
     * the later access time; keeps this id and the exemplars of both (up to {@code maxExemplars}).
     */
    void merge(Pattern o, int maxExemplars) {
        double total = size + o.size;
        double w1 = size / total, w2 = o.size / total;
        for (int i = 0; i < centroid.length; i++) {
            centroid[i] = (float) (centroid[i] * w1 + o.centroid[i] * w2);
        }
        quality = quality * w1 + o.quality * w2;
        size += o.size;
        weight += o.weight;
        accessCount += o.accessCount;
        lastAccessNs = Math.max(lastAccessNs, o.lastAccessNs);
        int n = Math.min(maxExemplars, exemplarN.length + o.exemplarN.length);
        float[][] rows = new float[n][];
        int[] cnt = new int[n];
        float[] tg = new float[n], rw = new float[n];
        int j = 0;
        // alternate so both sides stay represented
        for (int i = 0; j < n; i++) {
            if (i < exemplarN.length && j < n) {
                rows[j] = exemplarRows[i]; cnt[j] = exemplarN[i]; tg[j] = exemplarTarget[i]; rw[j++] = exemplarReward[i];
            }
            if (i < o.exemplarN.length && j < n) {
                rows[j] = o.exemplarRows[i]; cnt[j] = o.exemplarN[i]; tg[j] = o.exemplarTarget[i]; rw[j++] = o.exemplarReward[i];
            }
        }
        exemplarRows = rows;
        exemplarN = cnt;
        exemplarTarget = tg;
        exemplarReward = rw;
    }

    public long id() {
        return id;
    }

    public float[] centroid() {
        return centroid.clone();
    }

    public long size() {
        return size;
    }

    public double weight() {
        return weight;
    }

    public double quality() {
        return quality;
    }

    public long accessCount() {
        return accessCount;
    }

    public long createdNs() {
        return createdNs;
    }

    public long lastAccessNs() {
        return lastAccessNs;
    }

    public int exemplars() {
        return exemplarN.length;
    }
}
