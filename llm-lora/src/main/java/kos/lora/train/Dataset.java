package kos.lora.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kos.sim.KosException;

/**
 * A list of examples with one input size and one target size, all values finite. Built from
 * code with {@link #of} or {@link Builder} (the simulator feeds the fine-tuner this way) or
 * from files by {@link DatasetFiles}.
 */
public final class Dataset {
    private final List<Example> examples;
    private final int inputDim, targetDim;

    private Dataset(List<Example> examples) {
        if (examples.isEmpty()) {
            throw new KosException("the dataset has no examples");
        }
        this.examples = List.copyOf(examples);
        this.inputDim = examples.get(0).input().length;
        this.targetDim = examples.get(0).target().length;
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            if (e.input().length != inputDim || e.target().length != targetDim) {
                throw new KosException("example " + (i + 1) + " has " + e.input().length + " inputs and "
                        + e.target().length + " targets; the first has " + inputDim + " and " + targetDim);
            }
            check(e.input(), i, "input");
            check(e.target(), i, "target");
        }
    }

    private static void check(float[] v, int i, String what) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                throw new KosException("example " + (i + 1) + " has a non-finite " + what + " value");
            }
        }
    }

    public static Dataset of(List<Example> examples) {
        return new Dataset(examples);
    }

    public List<Example> examples() {
        return examples;
    }

    public int size() {
        return examples.size();
    }

    public int inputDim() {
        return inputDim;
    }

    public int targetDim() {
        return targetDim;
    }

    /** A training and a validation part. */
    public record Split(List<Example> train, List<Example> validation) {}

    /**
     * Shuffles a copy with a stream seeded by {@code seed} (Fisher-Yates) and puts
     * {@code round(size * fraction)} examples (at least one when the fraction is positive and
     * there are two or more examples, never all of them) into validation.
     */
    public Split split(double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new KosException("the validation fraction must be in [0, 1), got " + fraction);
        }
        List<Example> shuffled = new ArrayList<>(examples);
        shuffle(shuffled, new SplittableRandom(seed));
        int n = shuffled.size();
        int v = (int) Math.round(n * fraction);
        if (fraction > 0 && n >= 2) {
            v = Math.max(1, Math.min(v, n - 1));
        } else if (n < 2) {
            v = 0;
        }
        return new Split(List.copyOf(shuffled.subList(v, n)), List.copyOf(shuffled.subList(0, v)));
    }

    static <T> void shuffle(List<T> list, SplittableRandom r) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /** Collects examples one at a time, e.g. from a running simulation. */
    public static final class Builder {
        private final List<Example> examples = new ArrayList<>();

        public Builder add(float[] input, float[] target) {
            examples.add(new Example(input.clone(), target.clone()));
            return this;
        }

        public Builder add(float[] input, float target) {
            return add(input, new float[] {target});
        }

        public int size() {
            return examples.size();
        }

        public Dataset build() {
            return new Dataset(examples);
        }
    }
}
