package kos.lora.layer;

import java.util.List;
import java.util.SplittableRandom;
import kos.nn.Linear;
import kos.nn.Parameter;
import kos.sim.KosException;

/**
 * The trainable pair of one LoRA adapter on one layer: {@code A} of shape {@code [r, in]} and
 * {@code B} of shape {@code [out, r]}, with the delta {@code scaling * B (A x)}.
 *
 * <p>B is held transposed ({@code [r, out]} row-major), so the forward pass adds
 * {@code sum_k h_k * B[:, k]} to y as r contiguous lane-wise passes instead of out dot
 * products of length r. {@link #loraB()} and {@link #fromPeft} convert to and from PEFT's
 * {@code [out, r]} layout.
 */
public final class LoraAdapter {
    private final String name;
    private final int in, out, r;
    private final float scaling, dropout;
    private final LoraConfig config;
    final float[] a, bt;
    final float[] gradA, gradBt;

    private LoraAdapter(String name, int in, int out, LoraConfig config, float[] a, float[] bt) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.r = config.r();
        this.config = config;
        this.scaling = config.scaling();
        this.dropout = config.dropout();
        this.a = a;
        this.bt = bt;
        this.gradA = new float[a.length];
        this.gradBt = new float[bt.length];
    }

    /**
     * A new adapter as PEFT initialises one: A uniform in {@code (-1/sqrt(in), 1/sqrt(in))}
     * (kaiming-uniform with a = sqrt(5)) drawn in row-major order from {@code random}, B zero, so
     * the adapter changes nothing until trained.
     */
    public static LoraAdapter init(String name, int in, int out, LoraConfig config, SplittableRandom random) {
        float[] a = new float[config.r() * in];
        Linear.uniform(a, 1.0 / Math.sqrt(in), random);
        return new LoraAdapter(name, in, out, config, a, new float[config.r() * out]);
    }

    /**
     * An adapter from PEFT-layout weights (copied).
     *
     * @param loraA {@code [r, in]} row-major
     * @param loraB {@code [out, r]} row-major
     */
    public static LoraAdapter fromPeft(String name, int in, int out, LoraConfig config, float[] loraA, float[] loraB) {
        int r = config.r();
        if (loraA.length != r * in || loraB.length != out * r) {
            throw new KosException("adapter " + name + ": lora_A has " + loraA.length + " values and lora_B "
                    + loraB.length + ", expected [" + r + ", " + in + "] and [" + out + ", " + r + "]");
        }
        float[] bt = new float[r * out];
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < r; k++) {
                bt[k * out + o] = loraB[o * r + k];
            }
        }
        return new LoraAdapter(name, in, out, config, loraA.clone(), bt);
    }

    public String name() {
        return name;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public int rank() {
        return r;
    }

    public float scaling() {
        return scaling;
    }

    public float dropout() {
        return dropout;
    }

    public LoraConfig config() {
        return config;
    }

    /** Trainable parameters: {@code r * (in + out)}. */
    public long parameterCount() {
        return (long) r * (in + out);
    }

    /** A copy of A, {@code [r, in]} row-major. */
    public float[] loraA() {
        return a.clone();
    }

    /** A copy of B in PEFT's layout, {@code [out, r]} row-major. */
    public float[] loraB() {
        float[] b = new float[out * r];
        for (int k = 0; k < r; k++) {
            for (int o = 0; o < out; o++) {
                b[o * r + k] = bt[k * out + o];
            }
        }
        return b;
    }

    /** Overwrites B from PEFT's {@code [out, r]} layout (tests and tools). */
    public void setLoraB(float[] loraB) {
        if (loraB.length != out * r) {
            throw new IllegalArgumentException("lora_B needs " + out * r + " values");
        }
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < r; k++) {
                bt[k * out + o] = loraB[o * r + k];
            }
        }
    }

    /** Whether every value of A and B is finite. */
    public boolean finite() {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        for (float v : bt) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** A and B (B transposed, as held) with their gradients, for an optimizer; names start with {@code module}. */
    public List<Parameter> parameters(String module) {
        return List.of(
                new Parameter(module + ".lora_A." + name, a, gradA),
                new Parameter(module + ".lora_B." + name, bt, gradBt));
    }
}
