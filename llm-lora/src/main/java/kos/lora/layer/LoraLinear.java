package kos.lora.layer;

import kos.nn.Linear;
import kos.nn.LinearLayer;
import kos.nn.Parameter;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import kos.sim.KosException;

import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A linear layer with LoRA adapters, as PEFT's {@code lora.Linear}:
 * {@code y = W x + b + scaling * B (A dropout(x))} for the selected adapter, the base {@code W}
 * and {@code b} frozen. It takes the base layer's module name, so it can replace it in a
 * {@link kos.nn.NamedLayers} registry.
 *
 * <p>Several named adapters may be held; one is selected (the first added, until
 * {@link #select} says otherwise), and {@link #disable()} runs the base alone. An adapter can be
 * merged into W ({@code W += scaling * B A}) and unmerged ({@code W -= scaling * B A}); while it is
 * merged the forward pass skips its delta. Merging refuses to produce NaN or Inf.
 *
 * <p>Dropout (training mode only) zeroes each input element of the adapter path with probability
 * p and scales the others by {@code 1/(1-p)}, drawing from a stream seeded at construction.
 *
 * <p>{@link #backward} uses the dropout mask and the intermediate {@code A x} of the latest
 * {@link #forward}; call them in pairs. Neither allocates. Not thread-safe.
 */
public final class LoraLinear implements LinearLayer {
    private static final FloatKernels K = Kernels.get();

    private final Linear base;
    private final TreeMap<String, LoraAdapter> adapters = new TreeMap<>();
    private final TreeSet<String> merged = new TreeSet<>();
    private final long dropoutSeed;
    private SplittableRandom dropoutRandom;
    private String active;
    private boolean disabled;
    private boolean training;
    private LoraAdapter live;

    // scratch of the latest forward, sized for the largest rank held
    private float[] h = new float[0], g = new float[0];
    private final float[] xd, mask, tmpIn;
    private boolean lastUsedAdapter, lastDropped;

    /** Wraps {@code base} (which is frozen from now on); dropout draws from a stream seeded with {@code seed}. */
    public LoraLinear(Linear base, long seed) {
        this.base = base.frozen(true);
        this.dropoutSeed = seed;
        this.dropoutRandom = new SplittableRandom(seed);
        this.xd = new float[base.inFeatures()];
        this.mask = new float[base.inFeatures()];
        this.tmpIn = new float[base.inFeatures()];
    }

    public Linear base() {
        return base;
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public int inFeatures() {
        return base.inFeatures();
    }

    @Override
    public int outFeatures() {
        return base.outFeatures();
    }

    // ---------------------------------------------------------------- adapters

    /** Adds a new PEFT-initialised adapter (A kaiming-uniform from {@code random}, B zero). */
    public LoraAdapter addAdapter(String adapterName, LoraConfig config, SplittableRandom random) {
        return addAdapter(LoraAdapter.init(adapterName, inFeatures(), outFeatures(), config, random));
    }

    /** Adds an adapter built elsewhere (e.g. loaded); it is selected if it is the first. */
    public LoraAdapter addAdapter(LoraAdapter adapter) {
        if (adapter.in() != inFeatures() || adapter.out() != outFeatures()) {
            throw new KosException("adapter " + adapter.name() + " is for a " + adapter.out() + " x " + adapter.in()
                    + " layer but " + name() + " is " + outFeatures() + " x " + inFeatures());
        }
        if (adapters.containsKey(adapter.name())) {
            throw new KosException(name() + " already has an adapter named " + adapter.name());
        }
        adapters.put(adapter.name(), adapter);
        int r = adapter.rank();
        if (h.length < r) {
            h = new float[r];
            g = new float[r];
        }
        if (active == null) {
            active = adapter.name();
        }
        refresh();
        return adapter;
    }

    /** Selects the adapter the forward pass uses and enables adapters. */
    public void select(String adapterName) {
        adapter(adapterName);
        active = adapterName;
        disabled = false;
        refresh();
    }

    /** Runs the base layer alone until {@link #enable()} or {@link #select}. */
    public void disable() {
        disabled = true;
        refresh();
    }

    public void enable() {
        disabled = false;
        refresh();
    }

    public boolean disabled() {
        return disabled;
    }

    /** Deletes an adapter; a merged one must be unmerged first. */
    public void deleteAdapter(String adapterName) {
        adapter(adapterName);
        if (merged.contains(adapterName)) {
            throw new KosException("adapter " + adapterName + " is merged into " + name() + "; unmerge it first");
        }
        adapters.remove(adapterName);
        if (adapterName.equals(active)) {
            active = adapters.isEmpty() ? null : adapters.firstKey();
        }
        refresh();
    }

    /** The adapter called {@code adapterName}; a KosException naming the existing ones if none. */
    public LoraAdapter adapter(String adapterName) {
        LoraAdapter a = adapters.get(adapterName);
        if (a == null) {
            throw new KosException(name() + " has no adapter named '" + adapterName + "' (adapters: "
                    + (adapters.isEmpty() ? "none" : String.join(", ", adapters.keySet())) + ")");
        }
        return a;
    }

    /** The selected adapter's name, or null when there is none. */
    public String activeAdapter() {
        return active;
    }

    public NavigableMap<String, LoraAdapter> adapters() {
        return java.util.Collections.unmodifiableNavigableMap(adapters);
    }

    public NavigableSet<String> mergedAdapters() {
        return java.util.Collections.unmodifiableNavigableSet(merged);
    }

    /** The adapter whose delta forward adds, or null (none, disabled, or merged); cached by {@link #refresh()}. */
    private LoraAdapter live() {
        return live;
    }

    /** Recomputes {@link #live} after any change of selection, enablement, merging or the adapter set. */
    private void refresh() {
        live = disabled || active == null || merged.contains(active) ? null : adapters.get(active);
    }

    // ---------------------------------------------------------------- merge

    /**
     * Merges an adapter into the base: {@code W += scaling * B A}. Refuses (changing nothing) if
     * the adapter or the merged weights would hold NaN or Inf.
     */
    public void merge(String adapterName) {
        LoraAdapter ad = adapter(adapterName);
        if (merged.contains(adapterName)) {
            throw new KosException("adapter " + adapterName + " is already merged into " + name());
        }
        float[] delta = delta(ad, "merge");
        float[] w = base.weight();
        float[] next = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            next[i] = w[i] + delta[i];
            if (!Float.isFinite(next[i])) {
                throw new KosException("refusing to merge " + adapterName + " into " + name() + ": the merged weight would not be finite");
            }
        }
        System.arraycopy(next, 0, w, 0, w.length);
        merged.add(adapterName);
        refresh();
    }

    /** Undoes {@link #merge}: {@code W -= scaling * B A}, exactly the delta merge added (bit for bit when the sums were exact). */
    public void unmerge(String adapterName) {
        LoraAdapter ad = adapter(adapterName);
        if (!merged.contains(adapterName)) {
            throw new KosException("adapter " + adapterName + " is not merged into " + name());
        }
        float[] delta = delta(ad, "unmerge");
        float[] w = base.weight();
        for (int i = 0; i < w.length; i++) {
            w[i] -= delta[i];
        }
        merged.remove(adapterName);
        refresh();
    }

    /** The adapter's {@code scaling * B A} as an {@code [out, in]} row-major matrix (what merge adds). */
    public float[] delta(String adapterName) {
        return delta(adapter(adapterName), "compute the delta of");
    }

    /** {@code scaling * B A}: one fma per element per rank, ranks in order. */
    private float[] delta(LoraAdapter ad, String what) {
        if (!ad.finite()) {
            throw new KosException("refusing to " + what + " " + ad.name() + " on " + name() + ": its weights hold NaN or Inf");
        }
        int in = inFeatures(), out = outFeatures(), r = ad.rank();
        float[] d = new float[out * in];
        float[] col = new float[out];
        for (int k = 0; k < r; k++) {
            for (int o = 0; o < out; o++) {
                col[o] = ad.scaling() * ad.bt[k * out + o];
            }
            K.outerAdd(d, 0, out, in, col, 0, ad.a, k * in);
        }
        for (float v : d) {
            if (!Float.isFinite(v)) {
                throw new KosException("refusing to " + what + " " + ad.name() + " on " + name() + ": scaling * B A overflows");
            }
        }
        return d;
    }

    // ---------------------------------------------------------------- forward and backward

    @Override
    public void training(boolean on) {
        training = on;
    }

    public boolean training() {
        return training;
    }

    /** Restarts the dropout stream from its seed (reproducible gradient checks and re-runs). */
    public void resetDropout() {
        dropoutRandom = new SplittableRandom(dropoutSeed);
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff) {
        base.forward(x, xOff, y, yOff);
        forwardDelta(x, xOff, y, yOff);
    }

    /**
     * Adds the selected adapter's {@code scaling * B (A dropout(x))} to y (nothing when there is
     * none, it is disabled, or merged): {@link FloatKernels#lowRankAdd}, the r dot products of
     * length in and the update of y in one kernel call.
     */
    public void forwardDelta(float[] x, int xOff, float[] y, int yOff) {
        LoraAdapter ad = live();
        lastUsedAdapter = ad != null;
        if (ad == null) {
            return;
        }
        int in = inFeatures(), r = ad.rank();
        float[] src = x;
        int srcOff = xOff;
        lastDropped = training && ad.dropout() > 0;
        if (lastDropped) {
            float keep = 1f / (1f - ad.dropout());
            for (int i = 0; i < in; i++) {
                float m = dropoutRandom.nextDouble() < ad.dropout() ? 0f : keep;
                mask[i] = m;
                xd[i] = x[xOff + i] * m;
            }
            src = xd;
            srcOff = 0;
        }
        K.lowRankAdd(ad.a, ad.bt, r, in, outFeatures(), ad.scaling(), src, srcOff, y, yOff, h);
    }

    /**
     * Gradients for the selected adapter's A and B (the base is frozen):
     * {@code dB += (s A x') dy^T}, {@code g = s B^T dy}, {@code dA += g x'^T} where x' is the
     * dropped-out input; {@code dx = W^T dy + mask * (A^T g)} when dx is not null.
     */
    @Override
    public void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        base.backward(x, xOff, dy, dyOff, dx, dxOff);
        LoraAdapter ad = live();
        if (!lastUsedAdapter || ad == null) {
            return;
        }
        int in = inFeatures(), out = outFeatures(), r = ad.rank();
        float[] src = lastDropped ? xd : x;
        int srcOff = lastDropped ? 0 : xOff;
        K.outerAdd(ad.gradBt, 0, r, out, h, 0, dy, dyOff);
        K.matVec(ad.bt, 0, r, out, dy, dyOff, g, 0);
        float s = ad.scaling();
        for (int k = 0; k < r; k++) {
            g[k] = s * g[k];
        }
        K.outerAdd(ad.gradA, 0, r, in, g, 0, src, srcOff);
        if (dx != null) {
            if (lastDropped) {
                Arrays.fill(tmpIn, 0f);
                K.matTVecAdd(ad.a, 0, r, in, g, 0, tmpIn, 0);
                for (int i = 0; i < in; i++) {
                    dx[dxOff + i] = Math.fma(mask[i], tmpIn[i], dx[dxOff + i]);
                }
            } else {
                K.matTVecAdd(ad.a, 0, r, in, g, 0, dx, dxOff);
            }
        }
    }

    /** The selected adapter's A and B when it is live; the frozen base contributes nothing. */
    @Override
    public List<Parameter> parameters() {
        LoraAdapter ad = live();
        return ad == null ? List.of() : ad.parameters(name());
    }
}
