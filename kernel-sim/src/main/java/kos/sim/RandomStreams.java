package kos.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seeded random streams, one per named subsystem, all derived from one root seed.
 *
 * <p>The stream for name {@code n} is a {@link SplittableRandom} (SplitMix64, whose algorithm the
 * JDK specifies, so it gives the same numbers on every JDK and machine) seeded with
 * {@code mix64(rootSeed ^ mix64(fnv1a64(n)))}. A stream therefore depends only on the root seed
 * and its own name, never on which other streams exist or in which order they were asked for:
 * adding a random consumer to one subsystem does not perturb another.
 */
public final class RandomStreams {
    private final long rootSeed;
    private final TreeMap<String, SplittableRandom> streams = new TreeMap<>();

    public RandomStreams(long rootSeed) {
        this.rootSeed = rootSeed;
    }

    public long rootSeed() {
        return rootSeed;
    }

    /** The stream for {@code name}; the same object on every call with that name. */
    public SplittableRandom stream(String name) {
        return streams.computeIfAbsent(name, n -> new SplittableRandom(seedFor(rootSeed, n)));
    }

    /** A fresh stream for {@code name}, independent of the shared one (for example one per workload instance). */
    public SplittableRandom fresh(String name) {
        return new SplittableRandom(seedFor(rootSeed, name));
    }

    /** The derived seed of a named stream. */
    public static long seedFor(long rootSeed, String name) {
        return mix64(rootSeed ^ mix64(fnv1a64(name)));
    }

    /** 64-bit FNV-1a over the UTF-8 bytes of {@code s}. */
    public static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** The SplitMix64 / MurmurHash3 finaliser: a bijective 64-bit mix. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
