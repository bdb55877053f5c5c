package kos.threat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kos.mem.BuddyAllocator;
import kos.mem.Mobility;

/**
 * The workloads of {@link ThreatScenarios}: benign tasks (victim jobs, interactive and media tasks,
 * a parallel build, a driver, a cache, a backup stream) and hostile ones (fork bomb, tick-accounting
 * cheater, fragmentation attack, cache thrasher, runaway allocation posing as a cache), each hostile
 * one with a benign look-alike.
 */
public final class Behaviours {
    private Behaviours() {}

    static long ms(double ms) {
        return (long) (ms * 1_000_000);
    }

    /** Exponential draw with the given mean, at least one slot. */
    static long expNs(ThreatTask t, double meanMs) {
        return Math.max(ThreatMachine.SLOT_NS, (long) (-Math.log(1 - t.rng.nextDouble()) * ms(meanMs)));
    }

    /**
     * A victim worker: jobs of {@code workMs} of CPU arrive every {@code periodMs}; each wants a 2 MiB
     * (order-9) page for its heap (25% slower without one: TLB misses) and 64 small movable pages (it stalls
     * while they cannot be had). Memory-bound (4 MiB working set). Turnaround is recorded per job.
     */
    public record Victim(int worker, double workMs, double periodMs, long firstNs) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.a: next job index; t.b: 1 while a job has its memory; t.phase: 1 without a huge page
            long arrival = firstNs + (long) (t.a * ms(periodMs));
            if (t.work <= 0 && t.b == 0) {
                if (m.now() < arrival) {
                    m.sleep(t);
                    return;
                }
                m.wake(t);
                long huge = m.alloc(t, BuddyAllocator.PAGEBLOCK_ORDER, Mobility.MOVABLE);
                t.phase = huge < 0 ? 1 : 0;
                for (int i = 0; i < 64; i++) {
                    if (m.alloc(t, 0, Mobility.MOVABLE) < 0) {
                        m.freeIf(t, h -> true);
                        return; // stall: retry next slot
                    }
                }
                t.b = 1;
                t.work = ms(workMs);
            }
        }

        @Override
        public void ran(ThreatMachine m, ThreatTask t, double progressNs) {
            if (t.b == 0) {
                return;
            }
            t.work -= progressNs * (t.phase == 1 ? 0.75 : 1);
            if (t.work <= 0) {
                m.jobDone(worker, (int) t.a, firstNs + (long) (t.a * ms(periodMs)));
                m.freeIf(t, h -> true);
                t.a++;
                t.b = 0;
            }
        }

        @Override
        public double workingSetMiB() {
            return 4;
        }

        @Override
        public double accessMiBPerMs() {
            return 2;
        }
    }

    /**
     * A tick-accounting cheater that varies its sleep phase: every tick it draws the slot to sleep from
     * in {@code lo..hi}, so no single slot of the tick marks its sleeps; it is still never running when
     * the tick fires.
     */
    public record JitterCheater(int lo, int hi) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.phase: this tick's sleep slot, drawn at slot 0
            int s = m.slotInTick();
            if (s == 0) {
                t.phase = lo + t.rng.nextInt(hi - lo + 1);
            }
            if (s >= t.phase) {
                m.sleep(t);
            } else {
                m.wake(t);
            }
        }
    }

    /**
     * A fork bomb that hides its lineage: every copy runs under a name drawn from {@code names} (as a
     * bomb that execs a random program would), busy, forking after every {@code forkEveryMs} of its CPU.
     */
    public record RenamingForkBomb(double forkEveryMs, List<String> names) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            if (t.work >= ms(forkEveryMs)) {
                t.work = 0;
                m.fork(t, names.get(t.rng.nextInt(names.size())), this);
            }
        }

        @Override
        public void ran(ThreatMachine m, ThreatTask t, double progressNs) {
            t.work += ThreatMachine.SLOT_NS;
        }
    }

    /**
     * A tick-accounting cheater that hides in a duty cycle: for ~{@code onMs} it cheats every tick (sleeps
     * from slot {@code sleepSlot}), then sleeps ~{@code offMs}, so its CPU over a longer window is a fraction
     * of what it takes while active.
     */
    public record BurstCheater(int sleepSlot, double onMs, double offMs) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.d: when the current phase ends; t.phase: 1 while cheating
            if (m.now() >= t.d) {
                t.phase = 1 - t.phase;
                t.d = m.now() + expNs(t, t.phase == 1 ? onMs : offMs);
            }
            if (t.phase == 0 || m.slotInTick() >= sleepSlot) {
                m.sleep(t);
            } else {
                m.wake(t);
            }
        }
    }

    /**
     * Two cooperating tick-accounting cheaters: the first forks a second of the same name; they take
     * alternate ticks, each sleeping from slot {@code sleepSlot}, so each takes half of what one would.
     */
    public record PairCheater(int sleepSlot) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.b: 0 for the first (forks once, t.a = 1 after), 1 for the second
            if (t.b == 0 && t.a == 0) {
                ThreatTask c = m.fork(t, t.name, this);
                if (c != null) {
                    c.b = 1;
                    c.a = 1;
                }
                t.a = 1;
            }
            long tick = m.now() / ThreatMachine.TICK_NS;
            if (tick % 2 != t.b || m.slotInTick() >= sleepSlot) {
                m.sleep(t);
            } else {
                m.wake(t);
            }
        }
    }

    /**
     * A leaky runaway posing as a cache: the cache's insert pattern at {@code pagesPerMs}, evicting its
     * oldest object once every {@code evictEvery} inserts, so it frees pages yet grows without bound.
     */
    public record LeakyRunaway(double pagesPerMs, int evictEvery) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            Cache.allocate(m, t, pagesPerMs, Long.MAX_VALUE, evictEvery);
        }
    }

    /** An interactive task (editor, shell): sleeps ~{@code thinkMs}, then a short burst of ~{@code burstMs}. */
    public record Interactive(double thinkMs, double burstMs) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.a: wake-up time while asleep; t.work: CPU left in the burst
            if (t.runnable) {
                if (t.work <= 0) {
                    m.sleep(t);
                    t.a = m.now() + expNs(t, thinkMs);
                }
            } else if (m.now() >= t.a) {
                m.wake(t);
                t.work = expNs(t, burstMs);
            }
        }

        @Override
        public void ran(ThreatMachine m, ThreatTask t, double progressNs) {
            t.work -= ThreatMachine.SLOT_NS;
        }
    }

    /**
     * A media player on a 250 Hz timer: wakes right after every tick (its timer fires with it) and
     * decodes for ~{@code burstMs}; sleeps at whatever phase the work ends.
     */
    public record Media(double burstMs) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            if (t.runnable) {
                if (t.work <= 0) {
                    m.sleep(t);
                }
            } else if (m.slotInTick() == 0) {
                m.wake(t);
                t.work = expNs(t, burstMs);
            }
        }

        @Override
        public void ran(ThreatMachine m, ThreatTask t, double progressNs) {
            t.work -= ThreatMachine.SLOT_NS;
        }
    }

    /**
     * The tick-accounting cheater: runs, and sleeps just before every tick (from slot {@code sleepSlot}
     * of the tick, 7 = the last one), so the tick never finds it running: it is never charged, keeps
     * the least virtual runtime and takes most of a CPU. With {@code workShare} under 1 it works only
     * in that share of the ticks (drawn at each tick's start) and sleeps through the others, so it takes
     * less CPU by the same trick.
     */
    public record Cheater(int sleepSlot, double workShare) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.phase: 1 while this tick is one it works in (always, at a work share of 1)
            int s = m.slotInTick();
            if (workShare >= 1) {
                t.phase = 1;
            } else if (s == 0) {
                t.phase = t.rng.nextDouble() < workShare ? 1 : 0;
            }
            if (s >= sleepSlot || t.phase == 0) {
                m.sleep(t);
            } else {
                m.wake(t);
            }
        }
    }

    /** make -jJ: keeps {@code jobs} compile tasks going until {@code total} were started; a little CPU itself. */
    public record Make(int jobs, int total) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.a: compiles started; t.b: next time to poll
            if (m.now() < t.b) {
                m.sleep(t);
                return;
            }
            m.wake(t);
            int running = 0;
            for (ThreatTask x : m.live()) {
                if (x.ppid == t.pid) {
                    running++;
                }
            }
            while (running < jobs && t.a < total) {
                if (m.fork(t, "cc", new Compile(20 + 60 * t.rng.nextDouble())) == null) {
                    break;
                }
                t.a++;
                running++;
            }
            t.b = m.now() + ms(2 + 8 * t.rng.nextDouble());
            if (t.a >= total && running == 0) {
                m.exit(t);
            }
        }
    }

    /** A compile task: reads sources (I/O sleeps), allocates 64..320 pages, computes ~{@code cpuMs}, exits. */
    public record Compile(double cpuMs) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.a: io wake time; t.b: memory taken; t.work: CPU done
            if (t.b == 0) {
                int pages = 64 + t.rng.nextInt(256);
                for (int i = 0; i < pages; i += 16) {
                    m.alloc(t, 4, Mobility.MOVABLE);
                }
                t.b = 1;
            }
            if (t.work >= ms(cpuMs)) {
                m.exit(t);
                return;
            }
            if (t.runnable && t.rng.nextDouble() < 0.15) {
                m.sleep(t);
                t.a = m.now() + expNs(t, 4);
            } else if (!t.runnable && m.now() >= t.a) {
                m.wake(t);
            }
        }

        @Override
        public void ran(ThreatMachine m, ThreatTask t, double progressNs) {
            t.work += ThreatMachine.SLOT_NS;
        }

        @Override
        public double workingSetMiB() {
            return 6;
        }

        @Override
        public double accessMiBPerMs() {
            return 1;
        }
    }

    /** A fork bomb: busy, and forks a copy of itself after every {@code forkEveryMs} of its own CPU time. */
    public record ForkBomb(double forkEveryMs) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            if (t.work >= ms(forkEveryMs)) {
                t.work = 0;
                m.fork(t, "bomb", this);
            }
        }

        @Override
        public void ran(ThreatMachine m, ThreatTask t, double progressNs) {
            t.work += ThreatMachine.SLOT_NS;
        }
    }

    /**
     * A driver: at start {@code buffers} unmovable DMA buffers of order 0..2, then an occasional buffer
     * swapped; kernel memory grouping keeps them in a few pageblocks. Mostly asleep (interrupts).
     */
    public record Driver(int buffers) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            if (t.b == 0) {
                for (int i = 0; i < buffers; i++) {
                    m.alloc(t, t.rng.nextInt(3), Mobility.UNMOVABLE);
                }
                t.b = 1;
            }
            if (t.runnable) {
                if (t.work <= 0) {
                    m.sleep(t);
                    t.a = m.now() + expNs(t, 10);
                }
            } else if (m.now() >= t.a) {
                m.wake(t);
                t.work = ThreatMachine.SLOT_NS;
                if (t.rng.nextDouble() < 0.2) {
                    m.freeOldest(t);
                    m.alloc(t, t.rng.nextInt(3), Mobility.UNMOVABLE);
                }
            }
        }

        @Override
        public void ran(ThreatMachine m, ThreatTask t, double progressNs) {
            t.work -= ThreatMachine.SLOT_NS;
        }
    }

    /**
     * One slot of a fragmenter: every {@code repeatMs} it grabs {@code pagesPerSlot} unmovable pages a
     * slot until the zone is dry, then keeps the first {@code keepPerBlock} of them in each pageblock
     * (in the order {@code freeIf} visits them) and frees the rest. {@code t.a}: the next round's time;
     * {@code t.phase}: 1 while grabbing.
     */
    static void fragment(ThreatMachine m, ThreatTask t, int pagesPerSlot, double repeatMs, int keepPerBlock) {
        if (t.phase == 0) {
            if (m.now() < t.a) {
                m.sleep(t);
                return;
            }
            m.wake(t);
            t.phase = 1;
        }
        BuddyAllocator z = m.zone();
        for (int i = 0; i < pagesPerSlot; i++) {
            if (m.alloc(t, 0, Mobility.UNMOVABLE) < 0) {
                Map<Integer, Integer> kept = new HashMap<>();
                m.freeIf(
                        t,
                        h -> kept.merge(z.pfnOf(h) >> BuddyAllocator.PAGEBLOCK_ORDER, 1, Integer::sum) > keepPerBlock);
                t.phase = 0;
                t.a = m.now() + ms(repeatMs);
                return;
            }
        }
    }

    /**
     * The fragmentation attack: grabs unmovable pages as fast as it can until the zone is dry, keeps
     * one in every pageblock it touched and frees the rest; every {@code repeatMs} it does it again
     * for the pageblocks that got free. Compaction can then never make a 2 MiB block.
     */
    public record Fragmenter(int pagesPerSlot, double repeatMs) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            fragment(m, t, pagesPerSlot, repeatMs, 1);
        }
    }

    /** A cache: fills with 4 KiB objects at {@code pagesPerMs} up to {@code capPages}, then evicts one per insert. */
    public record Cache(double pagesPerMs, long capPages) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            allocate(m, t, pagesPerMs, capPages, 0);
        }

        static void allocate(ThreatMachine m, ThreatTask t, double pagesPerMs, long capPages) {
            allocate(m, t, pagesPerMs, capPages, 0);
        }

        /**
         * Inserts in batches every ~5 ms at {@code pagesPerMs}, asleep between, evicting the oldest object
         * before an insert once {@code capPages} are held, or on every {@code evictEvery}-th insert (0: never
         * by count). t.work: fractional pages owed; t.a: next wake-up; t.b: inserts so far (counted only with
         * {@code evictEvery}).
         */
        static void allocate(ThreatMachine m, ThreatTask t, double pagesPerMs, long capPages, int evictEvery) {
            t.work += pagesPerMs * ThreatMachine.SLOT_NS / 1e6;
            if (m.now() < t.a) {
                m.sleep(t);
                return;
            }
            m.wake(t);
            t.a = m.now() + expNs(t, 5);
            while (t.work >= 1) {
                t.work -= 1;
                if (t.c.pagesHeld >= capPages || (evictEvery > 0 && ++t.b % evictEvery == 0)) {
                    m.freeOldest(t);
                }
                m.alloc(t, 0, Mobility.MOVABLE);
            }
        }
    }

    /** Runaway allocation posing as a cache: the same insert pattern as {@link Cache}, never evicting. */
    public record Runaway(double pagesPerMs) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            Cache.allocate(m, t, pagesPerMs, Long.MAX_VALUE);
        }
    }

    /**
     * Runaway allocation in bursts: the cache's insert pattern at {@code pagesPerMs} for ~{@code onMs},
     * then ~{@code offMs} asleep allocating nothing, never freeing a page; its memory stands still between
     * bursts, so it does not grow at every observation.
     */
    public record BurstyRunaway(double pagesPerMs, double onMs, double offMs) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.d: when the current phase ends; t.phase: 1 while allocating
            if (m.now() >= t.d) {
                t.phase = 1 - t.phase;
                t.d = m.now() + expNs(t, t.phase == 1 ? onMs : offMs);
                t.a = 0;
            }
            if (t.phase == 1) {
                Cache.allocate(m, t, pagesPerMs, Long.MAX_VALUE);
            } else {
                m.sleep(t);
            }
        }
    }

    /**
     * Streams over {@code wsMiB} at {@code accessMiBPerMs} while running; runs {@code dutyMs}, then waits
     * ~{@code ioMs} (a backup or a scan: the benign look-alike of the thrasher; with no waits, a thrasher).
     */
    public record Streamer(double wsMiB, double access, double dutyMs, double ioMs) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            if (ioMs <= 0) {
                return;
            }
            if (t.runnable) {
                if (t.work >= ms(dutyMs)) {
                    m.sleep(t);
                    t.a = m.now() + expNs(t, ioMs);
                }
            } else if (m.now() >= t.a) {
                m.wake(t);
                t.work = 0;
            }
        }

        @Override
        public void ran(ThreatMachine m, ThreatTask t, double progressNs) {
            t.work += ThreatMachine.SLOT_NS;
        }

        @Override
        public double workingSetMiB() {
            return wsMiB;
        }

        @Override
        public double accessMiBPerMs() {
            return access;
        }
    }

    /**
     * Session 9: a fork bomb that naps: every copy runs ~{@code runMs}, sleeps ~{@code napMs}, and forks
     * after every {@code forkEveryMs} of its own CPU, its copies alternating between {@code names}.
     */
    public record NappingForkBomb(double forkEveryMs, double runMs, double napMs, List<String> names)
            implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.work: CPU since the last fork; t.a: when the nap ends; t.d: CPU left in this run
            if (!t.runnable) {
                if (m.now() >= t.a) {
                    m.wake(t);
                    t.d = expNs(t, runMs);
                }
                return;
            }
            if (t.work >= ms(forkEveryMs)) {
                t.work = 0;
                m.fork(t, names.get((int) ((t.c.forks + t.depth + 1) % names.size())), this);
            }
            if (t.d <= 0) {
                m.sleep(t);
                t.a = m.now() + expNs(t, napMs);
            }
        }

        @Override
        public void ran(ThreatMachine m, ThreatTask t, double progressNs) {
            t.work += ThreatMachine.SLOT_NS;
            t.d -= ThreatMachine.SLOT_NS;
        }
    }

    /**
     * Session 9: {@code members} cooperating tick-accounting cheaters of one name: the first forks the
     * others; member k works only in the ticks whose number is k modulo {@code members}, sleeping from
     * slot {@code sleepSlot}, so each takes a {@code members}-th of what one cheater would.
     */
    public record TeamCheater(int members, int sleepSlot) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.b: member index; t.a: 1 once the first has forked the others (set for every member)
            if (t.a == 0) {
                t.a = 1;
                for (int k = 1; k < members; k++) {
                    ThreatTask c = m.fork(t, t.name, this);
                    if (c != null) {
                        c.a = 1;
                        c.b = k;
                    }
                }
            }
            long tick = m.now() / ThreatMachine.TICK_NS;
            if (tick % members != t.b || m.slotInTick() >= sleepSlot) {
                m.sleep(t);
            } else {
                m.wake(t);
            }
        }
    }

    /**
     * Session 9: a fragmenter that keeps two unmovable pages in every pageblock it touched (not one), grabbing
     * {@code pagesPerSlot} a slot until the zone is dry, again every {@code repeatMs}.
     */
    public record PairFragmenter(int pagesPerSlot, double repeatMs) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            fragment(m, t, pagesPerSlot, repeatMs, 2);
        }
    }

    /**
     * Session 9: a runaway posing as a cache that purges: the cache's insert pattern at {@code pagesPerMs},
     * never evicting on insert, but every ~{@code purgeEveryMs} it frees the oldest {@code 1/purgeDivisor} of
     * its objects, so its memory saws up and down yet grows without bound.
     */
    public record SawtoothRunaway(double pagesPerMs, double purgeEveryMs, int purgeDivisor) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.d: next purge (0: not set yet); Cache.allocate uses t.work and t.a
            if (t.d == 0) {
                t.d = m.now() + expNs(t, purgeEveryMs);
            } else if (m.now() >= t.d) {
                long drop = t.c.pagesHeld / purgeDivisor;
                long[] n = {0};
                m.freeIf(t, h -> n[0]++ < drop);
                t.d = m.now() + expNs(t, purgeEveryMs);
            }
            Cache.allocate(m, t, pagesPerMs, Long.MAX_VALUE);
        }
    }

    /**
     * Session 9: {@code members} tasks of one name doing {@code inner}'s work: the first forks the others
     * (with {@code inner} itself) at its first slot, then does the same.
     */
    public record Team(int members, Behaviour inner) implements Behaviour {
        @Override
        public void act(ThreatMachine m, ThreatTask t) {
            // t.d: 1 once forked (inner behaviours of the members used here do not use t.d)
            if (t.d == 0) {
                t.d = 1;
                for (int k = 1; k < members; k++) {
                    m.fork(t, t.name, inner);
                }
            }
            inner.act(m, t);
        }

        @Override
        public void ran(ThreatMachine m, ThreatTask t, double progressNs) {
            inner.ran(m, t, progressNs);
        }

        @Override
        public double workingSetMiB() {
            return inner.workingSetMiB();
        }

        @Override
        public double accessMiBPerMs() {
            return inner.accessMiBPerMs();
        }
    }
}
