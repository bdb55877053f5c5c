package kos.sim;

import java.util.SplittableRandom;

/**
 * A named way to derive one seed from another outside a simulation's {@link RandomStreams}: weight
 * initialisation, training shuffles, dropout, evaluation plans. Every such derivation in kos is a
 * constant of this type declared next to its consumer and listed, by name, in the seed table of
 * {@code docs/architecture.md}; code never combines seeds ad hoc.
 *
 * <p>New streams use {@link #named}: the seed is {@link RandomStreams#seedFor(long, String)} of the
 * given seed and the name, so streams of different names are independent. The other forms exist
 * because values derived before this class existed are relied on (the shipped attention weights
 * were trained with them, documented results and the showcase digest were measured with them); they
 * reproduce those values bit for bit and say so in their names' table row:
 * <ul>
 * <li>{@link #given}: the seed the caller passes, unchanged (the consumer is the seed's only user,
 * or shares it knowingly, as the table says);</li>
 * <li>{@link #xor}: {@code seed ^ salt};</li>
 * <li>{@link #stride}: {@code seed + stride * index}, a family of seeds (one per epoch, say).</li>
 * </ul>
 *
 * @param name   the stream's name, such as {@code lora.train.shuffle}
 * @param kind   how the seed is derived
 * @param operand the salt of {@link Kind#XOR}, the stride of {@link Kind#STRIDE}, 0 otherwise
 */
public record SeedStream(String name, Kind kind, long operand) {
    /** How a {@link SeedStream} derives its seed. */
    public enum Kind { NAMED, GIVEN, XOR, STRIDE }

    public SeedStream {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a seed stream needs a name");
        }
    }

    /** {@code RandomStreams.seedFor(seed, name)}: independent of every other name. The form for new streams. */
    public static SeedStream named(String name) {
        return new SeedStream(name, Kind.NAMED, 0);
    }

    /** The caller's seed unchanged. */
    public static SeedStream given(String name) {
        return new SeedStream(name, Kind.GIVEN, 0);
    }

    /** {@code seed ^ salt} (kept for values derived that way before). */
    public static SeedStream xor(String name, long salt) {
        return new SeedStream(name, Kind.XOR, salt);
    }

    /** {@code seed + stride * index} for index 0, 1, ... (kept for values derived that way before). */
    public static SeedStream stride(String name, long stride) {
        return new SeedStream(name, Kind.STRIDE, stride);
    }

    /** The derived seed (index 0 of a {@link Kind#STRIDE} family). */
    public long seed(long seed) {
        return seed(seed, 0);
    }

    /**
     * The derived seed of member {@code index} of the family. For {@link Kind#NAMED} members other
     * than 0 the name is extended with {@code "." + index}.
     */
    public long seed(long seed, long index) {
        return switch (kind) {
            case NAMED -> RandomStreams.seedFor(seed, index == 0 ? name : name + "." + index);
            case GIVEN -> seed;
            case XOR -> seed ^ operand;
            case STRIDE -> seed + operand * index;
        };
    }

    /** A fresh generator seeded with {@link #seed(long)}. */
    public SplittableRandom random(long seed) {
        return new SplittableRandom(seed(seed));
    }
}
