package kos.llm.backend;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import kos.sim.KosException;

/**
 * all-MiniLM-L6-v2 (quantized, ONNX; 384-dimensional sentence embeddings), run in the JVM by
 * ONNX Runtime from the model file inside langchain4j's Maven artifact: nothing is downloaded.
 * Loaded once per JVM (about a second); embeddings of repeated texts come from a small cache.
 *
 * <p>The ONNX session runs on the calling thread only (one intra-op and one inter-op thread,
 * sequential execution): on a shared machine a thread pool only adds hand-offs, and one thread
 * fixes the summation order. Determinism: the same text gives the same vector on one machine;
 * across CPUs (other SIMD paths in ONNX Runtime) the last bits may differ, so callers compare
 * {@link #similarity rounded} scores (4 decimals) with stable tie-breaks, never raw floats.
 */
public final class SentenceEncoder {
    private static final int CACHE = 1024;
    private static volatile SentenceEncoder shared;

    private final SingleThreadedMiniLm model;
    private final Map<String, float[]> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> e) {
            return size() > CACHE;
        }
    };

    private SentenceEncoder() {
        System.setProperty("ai.djl.offline", "true");
        // A caller-thread executor: no pool threads outlive a command.
        this.model = new SingleThreadedMiniLm();
    }

    /** all-MiniLM-L6-v2 (quantized) from langchain4j's jar, in an ONNX session of one thread. */
    private static final class SingleThreadedMiniLm extends AbstractInProcessEmbeddingModel {
        private static final String MODEL = "/all-minilm-l6-v2-q.onnx",
                TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
        private final OnnxBertBiEncoder encoder;

        SingleThreadedMiniLm() {
            super(Runnable::run); // no executor threads either
            Class<?> jar = AllMiniLmL6V2QuantizedEmbeddingModel.class;
            try (InputStream model = jar.getResourceAsStream(MODEL);
                    InputStream tokenizer = jar.getResourceAsStream(TOKENIZER)) {
                if (model == null || tokenizer == null) {
                    throw new KosException("the MiniLM model is missing from the class path (" + MODEL + ")");
                }
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                encoder = new OnnxBertBiEncoder(
                        env, env.createSession(model.readAllBytes(), options), tokenizer, PoolingMode.MEAN);
            } catch (IOException | OrtException e) {
                throw new KosException("cannot load the MiniLM model: " + e.getMessage());
            }
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
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

    /**
     * The unit-length embedding of {@code text} (callers must not modify it), from the cache when
     * this text was embedded before: for playbook examples and past incidents, which recur.
     */
    public synchronized float[] embed(String text) {
        float[] v = cache.get(text);
        if (v == null) {
            v = embedUncached(text);
            cache.put(text, v);
        }
        return v;
    }

    /** The unit-length embedding of {@code text}, always computed: for questions, so latency is honest. */
    public synchronized float[] embedUncached(String text) {
        Embedding e = model.embed(text).content();
        float[] v = e.vector();
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
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
