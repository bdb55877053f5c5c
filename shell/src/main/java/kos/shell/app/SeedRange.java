package kos.shell.app;

import java.util.List;
import java.util.stream.LongStream;
import kos.sim.KosException;
import picocli.CommandLine.Option;

/**
 * {@code --seeds} and {@code --seed-base}: the contiguous seeds S..S+N-1 a sweep runs, given either
 * as a count from the base ({@code --seeds 5 --seed-base 201}) or as the range itself ({@code --seeds
 * 201..205}). One grammar for every sweep command; the defaults are the command's, given when it
 * creates the mixin. Commands that take arbitrary lists ({@code 1,2,7}) use {@link SeedList}.
 */
public final class SeedRange {
    @Option(
            names = "--seeds",
            paramLabel = "N|A..B",
            description = "How many seeds, from --seed-base, or the range A..B itself (default ${DEFAULT-VALUE}).")
    String seeds;

    @Option(
            names = "--seed-base",
            paramLabel = "S",
            description = "First seed when --seeds is a count: seeds S..S+N-1 (default ${DEFAULT-VALUE}).")
    Long base;

    private final long defaultBase;

    /**
     * @param count the default number of seeds
     * @param base the default first seed
     */
    public SeedRange(int count, long base) {
        this.seeds = Integer.toString(count);
        this.base = base;
        this.defaultBase = base;
    }

    /** The first seed. */
    public long first() {
        int dots = seeds.indexOf("..");
        if (dots < 0) {
            return base;
        }
        if (base != defaultBase) {
            throw new KosException("--seeds " + seeds + " names its own first seed: leave out --seed-base " + base);
        }
        return number(seeds.substring(0, dots));
    }

    /** How many seeds, 1 to {@link SeedList#MAX}. */
    public int count() {
        int dots = seeds.indexOf("..");
        long n = dots < 0 ? number(seeds) : number(seeds.substring(dots + 2)) - first() + 1;
        if (n < 1 || n > SeedList.MAX) {
            throw new KosException("--seeds " + seeds + ": expected 1 to " + SeedList.MAX + " seeds");
        }
        return (int) n;
    }

    /** The last seed. */
    public long last() {
        return first() + count() - 1;
    }

    /** The seeds in order. */
    public List<Long> list() {
        long first = first();
        return LongStream.range(first, first + count()).boxed().toList();
    }

    /** {@code first..last}, as reports print it. */
    @Override
    public String toString() {
        return first() + ".." + last();
    }

    private long number(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new KosException(
                    "bad --seeds '" + seeds + "': expected a count N or a range A..B, e.g. 5 or 201..205");
        }
    }
}
