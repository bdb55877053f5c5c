package kos.mem;

import kos.sim.KosException;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * File page access patterns of several tasks, each reading its own file, their accesses
 * interleaved in random order (as a shared page cache sees them):
 * sequential scans; strided scans (stride 2, 3, 4 or 8 per task); random pages (half of them from a
 * hot set of 256 pages, half uniform over 65,536);
 * pointer chasing (repeated walks of a linked structure laid out in a random permutation of 2048
 * pages); and a mix of all four.
 */
public enum AccessPattern {
    SEQUENTIAL, STRIDED, RANDOM, POINTER_CHASE, INTERLEAVED;

    public static final int CHASE_NODES = 2048, RANDOM_PAGES = 1 << 16, HOT_PAGES = 256;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The regular patterns: a predictor should get the next page right on these. */
    public boolean regular() {
        return this == SEQUENTIAL || this == STRIDED || this == POINTER_CHASE;
    }

    public static AccessPattern parse(String s) {
        for (AccessPattern p : values()) {
            if (p.label().equals(s)) {
                return p;
            }
        }
        throw new KosException("unknown access pattern '" + s + "': expected sequential, strided, random, pointer-chase or interleaved");
    }

    /** A seeded generator of accesses of this pattern by {@code tasks} tasks. */
    public Stream stream(SplittableRandom random, int tasks) {
        return new Stream(this, random, tasks);
    }

    /** Generates the accesses: task, file, page. */
    public static final class Stream {
        private final SplittableRandom random;
        private final AccessPattern[] kind;
        private final long[] pos, stride;
        private final int[][] perm;

        Stream(AccessPattern p, SplittableRandom random, int tasks) {
            this.random = random;
            this.kind = new AccessPattern[tasks];
            this.pos = new long[tasks];
            this.stride = new long[tasks];
            this.perm = new int[tasks][];
            AccessPattern[] mix = {SEQUENTIAL, STRIDED, RANDOM, POINTER_CHASE};
            long[] strides = {2, 3, 4, 8};
            for (int t = 0; t < tasks; t++) {
                kind[t] = p == INTERLEAVED ? mix[t % mix.length] : p;
                stride[t] = strides[random.nextInt(strides.length)];
                pos[t] = random.nextInt(1024);
                if (kind[t] == POINTER_CHASE) {
                    perm[t] = cycle(random);
                    pos[t] = 0;
                }
            }
        }

        private static int[] cycle(SplittableRandom r) {
            int[] order = new int[CHASE_NODES];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int[] next = new int[CHASE_NODES];
            for (int i = 0; i < order.length; i++) {
                next[order[i]] = order[(i + 1) % order.length];
            }
            return next;
        }

        public int tasks() {
            return kind.length;
        }

        /** The next access: {@code out[0]} task, {@code out[1]} file, {@code out[2]} page index. */
        public void next(long[] out) {
            int t = random.nextInt(kind.length);
            long page = switch (kind[t]) {
                case SEQUENTIAL -> pos[t]++;
                case STRIDED -> pos[t] += stride[t];
                case RANDOM -> random.nextInt(random.nextBoolean() ? HOT_PAGES : RANDOM_PAGES);
                case POINTER_CHASE -> pos[t] = perm[t][(int) pos[t]];
                case INTERLEAVED -> throw new IllegalStateException();
            };
            out[0] = t;
            out[1] = t + 1;
            out[2] = page;
        }
    }
}
