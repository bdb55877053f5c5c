package kos.lora.layer;

import java.util.List;

/**
 * The hyper-parameters of a LoRA adapter, named and defaulted as HuggingFace PEFT's
 * {@code LoraConfig}: {@code r = 8}, {@code lora_alpha = 8}, {@code lora_dropout = 0},
 * {@code use_rslora = false}.
 *
 * @param r             the rank, at least 1
 * @param alpha         {@code lora_alpha}; the delta is scaled by {@link #scaling()}
 * @param dropout       probability in [0, 1) of zeroing an input element of the adapter path, in training only
 * @param useRslora     scale by {@code alpha / sqrt(r)} (rank-stabilised LoRA) instead of {@code alpha / r}
 * @param targetModules module names (or last name components) the adapter applies to
 */
public record LoraConfig(int r, float alpha, float dropout, boolean useRslora, List<String> targetModules) {
    public static final int DEFAULT_R = 8;
    public static final float DEFAULT_ALPHA = 8f;

    public LoraConfig {
        if (r < 1) {
            throw new IllegalArgumentException("rank r must be at least 1, got " + r);
        }
        if (!Float.isFinite(alpha) || alpha <= 0) {
            throw new IllegalArgumentException("lora_alpha must be positive and finite, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
        }
        targetModules = List.copyOf(targetModules);
    }

    /** PEFT's defaults for the given target modules. */
    public static LoraConfig defaults(List<String> targetModules) {
        return new LoraConfig(DEFAULT_R, DEFAULT_ALPHA, 0f, false, targetModules);
    }

    /** {@code alpha / r}, or {@code alpha / sqrt(r)} with rsLoRA, rounded once to float. */
    public float scaling() {
        return scaling(alpha, r, useRslora);
    }

    public static float scaling(float alpha, int r, boolean useRslora) {
        return (float) (useRslora ? alpha / Math.sqrt(r) : (double) alpha / r);
    }

    public LoraConfig withRank(int newR) {
        return new LoraConfig(newR, alpha, dropout, useRslora, targetModules);
    }
}
