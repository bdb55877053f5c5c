package kos.llm.backend;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (quantized, ONNX; 384-dimensional sentence embeddings), run in the JVM by
 * ONNX Runtime from the model file inside langchain4j's Maven artifact: nothing is downloaded.
 * Loaded once per JVM (about a second); embeddings of repeated texts come from a small cache.
 *
 * <p>Determinism: ONNX Runtime on one machine gives the same vector for the same text, but its
 * float summation order may differ between machines and thread counts, so callers compare
 * {@link #similarity rounded} scores (4 decimals) with stable tie-breaks, never raw floats.
 */
public final class SentenceEncoder {
    private static final int CACHE = 512;
    private static volatile SentenceEncoder shared;

    private final AllMiniLmL6V2QuantizedEmbeddingModel model;
    private final Map<String, float[]> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> e) {
            return size() > CACHE;
        }
    };

    private SentenceEncoder() {
        System.setProperty("ai.djl.offline", "true");
        // A caller-thread executor: no pool threads outlive a command.
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
    }

    /** The JVM's encoder, loaded on first use. */
    public static SentenceEncoder shared() {
        SentenceEncoder s = shared;
        if (s == null) {
            synchronized (SentenceEncoder.class) {
                s = shared;
                if (s == null) {
                    shared = s = new SentenceEncoder();
                }
            }
        }
        return s;
    }

    /** The unit-length embedding of {@code text} (callers must not modify it). */
    public synchronized float[] embed(String text) {
        float[] v = cache.get(text);
        if (v == null) {
            Embedding e = model.embed(text).content();
            v = e.vector();
            double n = 0;
            for (float x : v) {
                n += x * x;
            }
            float inv = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
            cache.put(text, v);
        }
        return v;
    }

    /** Cosine similarity of two unit vectors, rounded to 4 decimals. */
    public static double similarity(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return Math.round(d * 10_000) / 10_000.0;
    }
}
