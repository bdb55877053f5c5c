package kos.attn;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import kos.nn.Linear;
import kos.nn.LinearLayer;
import kos.nn.NamedLayers;
import kos.nn.Parameter;
import kos.nn.Safetensors;
import kos.nn.SafetensorsFile;
import kos.nn.Tensor;
import kos.sim.KosException;
import kos.simd.FloatKernels;

/**
 * The single-head self-attention model over a run queue. For N runnable tasks with feature rows
 * {@code x_i} ({@link Features#COUNT} floats):
 *
 * <pre>
 *   h_i = tanh(in_proj x_i)                              d_model floats
 *   q_i = q_proj h_i,  k_i = k_proj h_i,  v_i = v_proj h_i
 *   a_i = softmax_j(q_i . k_j / sqrt(d))                 with max subtraction
 *   c_i = sum_j a_ij v_j
 *   z_i = h_i + o_proj c_i                               residual
 *   p_i = score_proj z_i                                 predicted ln(1 + remaining burst / 100us)
 * </pre>
 *
 * so each task's prediction depends on the tasks it competes with. Every projection (with bias)
 * is a {@link LinearLayer} registered in {@link #layers()} under {@code in_proj}, {@code q_proj},
 * {@code k_proj}, {@code v_proj}, {@code o_proj} and {@code score_proj}, and looked up there on
 * every pass, so a LoRA wrapper can replace any of them by name.
 *
 * <p>All matrix work and every exponential runs on the injected {@link FloatKernels}, so the
 * results are the same bits on the scalar and the vector kernels. {@link #forward} keeps the
 * activations of its last call for {@link #backward} (exact gradients of a loss given
 * {@code dL/dp}); the buffers grow to the largest N seen and nothing is allocated afterwards. Not
 * thread-safe.
 */
public final class AttentionModel {
    public static final int DEFAULT_D_MODEL = 16;
    public static final List<String> MODULES = List.of("in_proj", "q_proj", "k_proj", "v_proj", "o_proj", "score_proj");

    private final FloatKernels k;
    private final int f, d;
    private final float scale;
    private final NamedLayers layers = new NamedLayers();

    private int cap;
    private int n;
    private float[] x, h, q, kk, kt, v, vt, a, c, o, z, p;
    // the fused path's transposed weights (in x out)
    private final float[] wtIn, wtQ, wtK, wtV, wtO;
    // the weights the transposes were made from (compared on every call: a cheap mismatch scan instead of a transpose)
    private final float[] seenIn, seenQ, seenK, seenV, seenO;
    private boolean lastFused;
    private boolean allowBatched = true;
    // backward scratch
    private float[] dz, dh, dc, dq, dk, dv, dvt, da, tmp, one;

    /**
     * @param d    d_model (positive)
     * @param init the stream the weights are drawn from (PyTorch's nn.Linear initialisation)
     */
    public AttentionModel(FloatKernels kernels, int d, SplittableRandom init) {
        if (d <= 0) {
            throw new KosException("d_model must be positive: " + d);
        }
        this.k = kernels;
        this.f = Features.COUNT;
        this.d = d;
        this.scale = (float) (1.0 / Math.sqrt(d));
        layers.add(Linear.kaimingUniform(k, "in_proj", f, d, true, init));
        layers.add(Linear.kaimingUniform(k, "q_proj", d, d, true, init));
        layers.add(Linear.kaimingUniform(k, "k_proj", d, d, true, init));
        layers.add(Linear.kaimingUniform(k, "v_proj", d, d, true, init));
        layers.add(Linear.kaimingUniform(k, "o_proj", d, d, true, init));
        layers.add(Linear.kaimingUniform(k, "score_proj", d, 1, true, init));
        // start at a 2 ms prediction rather than around 0
        ((Linear) layers.get("score_proj")).bias()[0] = Features.target(2_000_000);
        ensure(8);
        one = new float[1];
        wtIn = new float[f * d];
        wtQ = new float[d * d];
        wtK = new float[d * d];
        wtV = new float[d * d];
        wtO = new float[d * d];
        seenIn = new float[f * d];
        seenQ = new float[d * d];
        seenK = new float[d * d];
        seenV = new float[d * d];
        seenO = new float[d * d];
        // all NaN, which no usable weight matrix is, so the first call transposes
        Arrays.fill(seenIn, Float.NaN);
        Arrays.fill(seenQ, Float.NaN);
        Arrays.fill(seenK, Float.NaN);
        Arrays.fill(seenV, Float.NaN);
        Arrays.fill(seenO, Float.NaN);
    }

    public FloatKernels kernels() {
        return k;
    }

    public int dModel() {
        return d;
    }

    public int features() {
        return f;
    }

    /** The projections by module name (for LoRA and persistence). */
    public NamedLayers layers() {
        return layers;
    }

    /** Every trainable parameter, in module-name order. */
    public List<Parameter> parameters() {
        return layers.parameters();
    }

    private void ensure(int rows) {
        if (rows <= cap) {
            return;
        }
        int nc = Math.max(rows, cap * 2);
        x = new float[nc * f];
        h = new float[nc * d];
        q = new float[nc * d];
        kk = new float[nc * d];
        v = new float[nc * d];
        vt = new float[nc * d];
        kt = new float[nc * d];
        dvt = new float[nc * d];
        c = new float[nc * d];
        o = new float[nc * d];
        z = new float[nc * d];
        a = new float[nc * nc];
        p = new float[nc];
        dz = new float[nc * d];
        dh = new float[nc * d];
        dc = new float[nc * d];
        dq = new float[nc * d];
        dk = new float[nc * d];
        dv = new float[nc * d];
        da = new float[nc];
        tmp = new float[Math.max(d, f)];
        cap = nc;
    }

    /** The input buffer for {@code rows} tasks: fill {@code rows * features()} floats, row-major, then {@link #forward}. */
    public float[] input(int rows) {
        ensure(rows);
        return x;
    }

    /**
     * Runs the model over the first {@code rows} rows of {@link #input}; returns the predictions
     * buffer ({@code rows} valid values), valid until the next call.
     */
    public float[] forward(int rows) {
        if (rows <= 0) {
            throw new IllegalArgumentException("forward needs at least one row");
        }
        ensure(rows);
        n = rows;
        LinearLayer in = layers.get("in_proj"),
                lq = layers.get("q_proj"),
                lk = layers.get("k_proj"),
                lv = layers.get("v_proj"),
                lo = layers.get("o_proj"),
                ls = layers.get("score_proj");
        lastFused = allowBatched
                && in instanceof Linear
                && lq instanceof Linear
                && lk instanceof Linear
                && lv instanceof Linear
                && lo instanceof Linear
                && ls instanceof Linear;
        if (lastFused) {
            return forwardFused(rows, (Linear) in, (Linear) lq, (Linear) lk, (Linear) lv, (Linear) lo, (Linear) ls);
        }
        for (int i = 0; i < rows; i++) {
            in.forward(x, i * f, h, i * d);
        }
        tanhInPlace(h, rows * d);
        for (int i = 0; i < rows; i++) {
            lq.forward(h, i * d, q, i * d);
            lk.forward(h, i * d, kk, i * d);
            lv.forward(h, i * d, v, i * d);
        }
        // K and V transposed (d x rows): each score row is d lane-wise axpys over the whole run queue
        // (no horizontal reductions, the expensive part of short dot products), each c_i d dots of length rows
        transpose(v, rows, d, vt);
        transpose(kk, rows, d, kt);
        for (int i = 0; i < rows; i++) {
            attend(i, rows);
            lo.forward(c, i * d, o, i * d);
            for (int e = 0; e < d; e++) {
                z[i * d + e] = h[i * d + e] + o[i * d + e];
            }
            ls.forward(z, i * d, p, i);
        }
        return p;
    }

    /** Row i of the attention: scores against every key, softmax, and c_i. */
    private void attend(int i, int rows) {
        weights(i, rows);
        k.matVec(vt, 0, d, rows, a, i * rows, c, i * d);
    }

    /** Row i of the attention weights: scores against every key, scaled, softmax. */
    private void weights(int i, int rows) {
        int ai = i * rows;
        Arrays.fill(a, ai, ai + rows, 0f);
        k.matTVecAdd(kt, 0, d, rows, q, i * d, a, ai);
        for (int j = 0; j < rows; j++) {
            a[ai + j] *= scale;
        }
        k.softmax(a, ai, rows);
    }

    /** {@code out[c][r] = in[r][c]} for a row-major {@code rows x cols} matrix. */
    private static void transpose(float[] in, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            for (int c2 = 0; c2 < cols; c2++) {
                out[c2 * rows + r] = in[r * cols + c2];
            }
        }
    }

    /**
     * The same model with every product lane-wise: each projection is one
     * {@link FloatKernels#matTVecAdd} per task over the transposed weights ({@code out_r = b + W^T^T
     * x_r}, the inputs in ascending order), each score row one over the transposed keys and each
     * context row one over the values, no horizontal reductions (the expensive part of short dot
     * products); the tasks of each product go to the kernels as one
     * {@link FloatKernels#matTVecAddBatch}, so a forward is seven batched calls plus the scores. Used when no projection is
     * wrapped (a LoRA wrapper only offers the per-vector interface); rounds differently from the
     * per-row path but is as deterministic, the same bits on scalar and vector kernels, and
     * {@link #backward} works from either. The weights are transposed again whenever they differ
     * from the ones last transposed (checked on every call), so a learning step or a load needs no
     * notification.
     */
    private float[] forwardFused(int rows, Linear in, Linear lq, Linear lk, Linear lv, Linear lo, Linear ls) {
        project(in, x, h, rows, wtIn, seenIn);
        tanhInPlace(h, rows * d);
        project(lq, h, q, rows, wtQ, seenQ);
        project(lk, h, kk, rows, wtK, seenK);
        project(lv, h, v, rows, wtV, seenV);
        transpose(kk, rows, d, kt);
        // all score rows, then their softmaxes, then all context rows: each element sees the same
        // operations as row by row, and the batched kernel keeps several rows in flight
        Arrays.fill(a, 0, rows * rows, 0f);
        k.matTVecAddBatch(kt, 0, d, rows, q, 0, d, a, 0, rows, rows);
        for (int i = 0; i < rows; i++) {
            int ai = i * rows;
            for (int j = 0; j < rows; j++) {
                a[ai + j] *= scale;
            }
            k.softmax(a, ai, rows);
        }
        Arrays.fill(c, 0, rows * d, 0f);
        k.matTVecAddBatch(v, 0, rows, d, a, 0, rows, c, 0, d, rows);
        project(lo, c, o, rows, wtO, seenO);
        for (int e = 0; e < rows * d; e++) {
            z[e] = h[e] + o[e];
        }
        // the score: one output, so the transposed weight is the weight row itself
        float[] w = ls.weight();
        float b = ls.bias()[0];
        for (int i = 0; i < rows; i++) {
            one[0] = b;
            k.matTVecAdd(z, i * d, d, 1, w, 0, one, 0);
            p[i] = one[0];
        }
        return p;
    }

    /** Row-major {@code out_r = W in_r + b} over {@code rows} rows, lane-wise through {@code wt} (W transposed here). */
    private void project(Linear l, float[] in, float[] out, int rows, float[] wt, float[] seen) {
        float[] w = l.weight(), b = l.bias();
        int inDim = l.inFeatures(), outDim = l.outFeatures();
        if (!Arrays.equals(w, seen)) { // the weights changed (a learning step, a load): transpose again
            System.arraycopy(w, 0, seen, 0, w.length);
            transpose(w, outDim, inDim, wt);
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(b, 0, out, r * outDim, outDim);
        }
        k.matTVecAddBatch(wt, 0, inDim, outDim, in, 0, inDim, out, 0, outDim, rows);
    }

    /** Tests: turn the batched path off to compare it with the per-row one. */
    void allowBatched(boolean on) {
        allowBatched = on;
    }

    /** tanh(x) = sign(x) (1 - e^{-2|x|}) / (1 + e^{-2|x|}), the exponential from the kernels. */
    private void tanhInPlace(float[] buf, int len) {
        // dh is free during forward: use it for the exponentials
        for (int i = 0; i < len; i++) {
            dh[i] = -2f * Math.abs(buf[i]);
        }
        k.exp(dh, 0, len);
        for (int i = 0; i < len; i++) {
            float e = dh[i];
            float t = (1f - e) / (1f + e);
            buf[i] = buf[i] < 0 ? -t : t;
        }
    }

    /** Rows of the last forward. */
    public int rows() {
        return n;
    }

    /** The attention weights of row {@code i} in the last forward: {@code a[i*rows() + j]}. */
    public float attention(int i, int j) {
        return a[i * n + j];
    }

    /**
     * Accumulates into every parameter's gradient the gradient of a loss whose derivative with
     * respect to the last forward's predictions is {@code dp[0 .. rows())}.
     */
    public void backward(float[] dp) {
        int rows = n;
        LinearLayer in = layers.get("in_proj"),
                lq = layers.get("q_proj"),
                lk = layers.get("k_proj"),
                lv = layers.get("v_proj"),
                lo = layers.get("o_proj"),
                ls = layers.get("score_proj");
        Arrays.fill(dk, 0, rows * d, 0f);
        Arrays.fill(dvt, 0, rows * d, 0f);
        for (int i = 0; i < rows; i++) {
            one[0] = dp[i];
            ls.backward(z, i * d, one, 0, dz, i * d);
            System.arraycopy(dz, i * d, dh, i * d, d); // residual
            lo.backward(c, i * d, dz, i * d, dc, i * d);
        }
        for (int i = 0; i < rows; i++) {
            int ai = i * rows;
            // dA_ij = dc_i . v_j ; dV_j += a_ij dc_i
            k.matVec(v, 0, rows, d, dc, i * d, da, 0);
            k.outerAdd(dvt, 0, d, rows, dc, i * d, a, ai);
            // softmax backward: dS_ij = a_ij (dA_ij - sum_k a_ik dA_ik), then the 1/sqrt(d)
            float s = k.dot(a, ai, da, 0, rows);
            for (int j = 0; j < rows; j++) {
                da[j] = a[ai + j] * (da[j] - s) * scale;
            }
            // dq_i = sum_j dS_ij k_j ; dk_j += dS_ij q_i
            Arrays.fill(dq, i * d, i * d + d, 0f);
            k.matTVecAdd(kk, 0, rows, d, da, 0, dq, i * d);
            k.outerAdd(dk, 0, rows, d, da, 0, q, i * d);
        }
        for (int j = 0; j < rows; j++) {
            for (int e = 0; e < d; e++) {
                dv[j * d + e] = dvt[e * rows + j];
            }
        }
        for (int i = 0; i < rows; i++) {
            lq.backward(h, i * d, dq, i * d, tmp, 0);
            k.axpy(1f, tmp, 0, dh, i * d, d);
            lk.backward(h, i * d, dk, i * d, tmp, 0);
            k.axpy(1f, tmp, 0, dh, i * d, d);
            lv.backward(h, i * d, dv, i * d, tmp, 0);
            k.axpy(1f, tmp, 0, dh, i * d, d);
            for (int e = 0; e < d; e++) {
                float hv = h[i * d + e];
                dh[i * d + e] *= 1f - hv * hv;
            }
            in.backward(x, i * f, dh, i * d, null, 0);
        }
    }

    // ---------------------------------------------------------------- persistence

    /** The weights as tensors named {@code <module>.weight} / {@code <module>.bias}. */
    public Map<String, Tensor> tensors() {
        TreeMap<String, Tensor> out = new TreeMap<>();
        for (Parameter prm : parameters()) {
            String module = prm.name().substring(0, prm.name().lastIndexOf('.'));
            LinearLayer l = layers.get(module);
            float[] copy = prm.value().clone();
            out.put(
                    prm.name(),
                    prm.name().endsWith(".weight")
                            ? Tensor.f32(copy, l.outFeatures(), l.inFeatures())
                            : Tensor.f32(copy, copy.length));
        }
        return out;
    }

    /** Writes the weights as safetensors (atomically), with the shape metadata. */
    public void save(Path file, Map<String, String> extraMetadata) {
        TreeMap<String, String> meta = new TreeMap<>(extraMetadata);
        meta.put("format", "kos-attention-scheduler");
        meta.put("d_model", Integer.toString(d));
        meta.put("features", String.join(",", Features.NAMES));
        Safetensors.write(file, tensors(), meta);
    }

    /** Copies weights from a safetensors file; fails with a clear message on any shape mismatch, changing nothing. */
    public void load(SafetensorsFile file, String source) {
        String feats = file.metadata().get("features");
        if (feats != null && !feats.equals(String.join(",", Features.NAMES))) {
            throw new KosException(source + ": trained on different features (" + feats + ")");
        }
        List<Parameter> ps = parameters();
        for (Parameter prm : ps) {
            Tensor t = file.tensors().get(prm.name());
            if (t == null) {
                throw new KosException(source + ": missing tensor " + prm.name() + " (has "
                        + String.join(", ", file.tensors().keySet()) + ")");
            }
            if (t.data().length != prm.size()) {
                throw new KosException(source + ": tensor " + prm.name() + " has shape " + t.shapeText() + ", expected "
                        + prm.size() + " values (d_model " + d + ")");
            }
        }
        for (Parameter prm : ps) {
            System.arraycopy(file.tensors().get(prm.name()).data(), 0, prm.value(), 0, prm.size());
        }
    }

    /** Copies every weight from {@code other} (same shapes). */
    public void copyFrom(AttentionModel other) {
        List<Parameter> mine = parameters(), theirs = other.parameters();
        if (mine.size() != theirs.size()) {
            throw new IllegalArgumentException("models differ");
        }
        for (int i = 0; i < mine.size(); i++) {
            System.arraycopy(
                    theirs.get(i).value(),
                    0,
                    mine.get(i).value(),
                    0,
                    mine.get(i).size());
        }
    }
}
