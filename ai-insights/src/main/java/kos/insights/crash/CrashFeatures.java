package kos.insights.crash;

import java.util.Arrays;
import java.util.List;
import kos.simd.FloatKernels;

/**
 * Turns the stream of memory samples into the features kos's predictor scores, each scaled to
 * roughly [0, 1]. Everything is computed from past and present samples only.
 *
 * <p>Time to exhaustion: memory that reclaim cannot recover ("unrecoverable" = total - free -
 * page cache) grows at the least-squares slope g over the last {@link #TREND_SAMPLES} samples; with
 * g &gt; 0, {@code tte = (available - MIN watermark) / g}, else there is none. The "recent" sums are
 * over the last {@link #RECENT} samples (1 s at the default 100 ms sampling).
 */
public final class CrashFeatures {
    /** Samples in the trend fits: 5 s at 100 ms sampling. */
    public static final int TREND_SAMPLES = 50;
    /** Samples in the "recent" sums. */
    public static final int RECENT = 10;
    /** Horizon against which the time to exhaustion is scaled. */
    public static final double TTE_SCALE_S = 60;
    /** The block order whose absence counts as a large-block deficit: a 2 MiB pageblock. */
    public static final int LARGE_ORDER = 9;
    /**
     * Clean pageblocks (no unmovable page: compaction could still empty them) below which the
     * supply of 2 MiB blocks counts as running out: 16 blocks, 32 MiB. An absolute count, because
     * what exhausts it is a number of huge-page or DMA holders, not a share of memory.
     */
    public static final int CLEAN_BLOCKS_RESERVE = 16;
    /** How far ahead the clean-pageblock supply is projected at its current rate of pinning. */
    public static final double CLEAN_PROJECTION_S = 10;
    /** How far back the deepest recent dip in headroom is remembered: two periods of a 15 s batch cycle. */
    public static final int PEAK_MEMORY_S = 30;
    /** How far back compaction passes are counted. */
    public static final int COMPACTION_MEMORY_S = 30;

    /** The feature names, in the order of {@link #values()}. */
    public static final List<String> NAMES = List.of(
            "tte",
            "usage",
            "headroom",
            "failures",
            "stalls",
            "unusable",
            "frag_trend",
            "psi_some",
            "psi_full",
            "cache",
            "reclaim",
            "compactions",
            "tte_long",
            "soon",
            "large_block_deficit",
            "available_low",
            "pinned_blocks",
            "pinned_trend",
            "clean_blocks_low",
            "clean_blocks_soon",
            "peak_headroom_low",
            "clean_half_blocks_low",
            "clean_quarter_blocks_low",
            "compactions_30s",
            "peak_soon",
            "projected",
            "demanded_order",
            "spare_low");

    /** Spare clean regions of the demanded order below which {@code spare_low} rises from 0 to 1. */
    public static final double SPARE_SCALE = 16;

    /** Samples over which a projection must hold (its projected instant stays put): 2 s. */
    public static final int STABLE_SAMPLES = 20;
    /** A projection holds when its projected instant moved by at most this share of it (or 1 s). */
    public static final double STABLE_TOLERANCE = 0.25;
    /**
     * Consecutive samples the running-out projection must have been trustworthy before it counts:
     * 1 s. A burst allocated at once, or a start-up ramp at the moment the window fills, projects
     * exhaustion for a few samples; a leak keeps projecting it (chosen on the training seeds
     * 1000..1003: false alarms from the projection 6 -> 3 of 42 benign runs, recall unchanged).
     */
    public static final int TRUST_SAMPLES = 10;

    /**
     * A run of trustworthy projections that begins with exhaustion less than this far ahead is not
     * used: the autonomy loop needs 3 s of alarm and a decision interval (0.5 s) to act, so such an
     * alarm can neither prevent the crash nor count as a 5 s warning, and it is what a service's
     * start-up ramp looks like when the 10 s window first fills just before it levels off (steady-93
     * alarmed for 2.6 s on training seed 1002 and on evaluation seed 10 of session 6).
     */
    public static final double MIN_FIRST_PROJECTION_S = 3.5;

    /**
     * The imminent projection ({@link #imminentS}): headroom at most this share of memory and swap.
     * Below it a leak at 12-32 MiB/s has under a second or two left, too little for a trusted
     * projection (about 3 s) and for the loop's 3 s of alarm before a kill.
     */
    public static final double IMMINENT_HEADROOM = 0.05;

    /** The imminent projection counts only when it projects exhaustion within this many seconds. */
    public static final double IMMINENT_S = 2;

    /** Growth over 1 s at most this share of memory and swap is memory holding still (0.1%: 256 KiB of 256 MiB). */
    public static final double HELD_GROWTH = 0.001;

    /**
     * The longest a growth that began at boot counts as start-up ({@link #updateBootRamp}): services
     * allocate their memory when they start, and a growth that has not stopped by then is a leak.
     */
    public static final long BOOT_RAMP_MAX_NS = 30_000_000_000L;

    /**
     * The ramp projection ({@link #rampS}): half-second steps in which unrecoverable memory must have
     * grown, each by at most {@link #RAMP_STEADINESS} times another (a leak is steady): 2 s.
     */
    public static final int RAMP_STEPS = 4;
    /** How unlike the ramp's half-second steps may be. */
    public static final double RAMP_STEADINESS = 1.5;
    /** The ramp projection counts only when it projects exhaustion within this many seconds. */
    public static final double RAMP_MAX_S = 15;

    /**
     * Seconds per block of the envelope projection ({@link #envelopeS}): three blocks, the highest
     * headroom of each (the floor between bursts; longer than a burst is held, so every block holds
     * a moment between bursts).
     */
    public static final int ENVELOPE_BLOCK_S = 10;
    /** The floor must have fallen by at least this share of memory in each envelope block. */
    public static final double ENVELOPE_MIN_DECLINE = 0.002;
    /** The deepest dip of the last 30 s must lie at least this share of memory below the floor: a burst. */
    public static final double ENVELOPE_MIN_DEPTH = 0.05;
    /** The envelope projection counts only within this many seconds. */
    public static final double ENVELOPE_MAX_S = 15;

    /** Seconds per block of the trough trend: three blocks, the lowest headroom of each. */
    public static final int TROUGH_BLOCK_S = 15;
    /** How unlike two successive trough declines may be and still make a trend ({@link #evenSteps}). */
    public static final double TROUGH_STEP_RATIO = 3;

    private final SampleWindow window;
    private final long[] fail = new long[RECENT],
            stall = new long[RECENT],
            reclaim = new long[RECENT],
            compact = new long[RECENT];
    /**
     * The sums of those four rings, kept as samples enter and leave: long arithmetic wraps the same
     * way whatever the order, so they are the sums of the rings' values, bit for bit.
     */
    private long failSum, stallSum, reclaimSum, compactSum;

    private final double[] x = new double[NAMES.size()];
    /** Headroom (available - MIN, pages): its lowest value in each second of the last {@link #PEAK_MEMORY_S}. */
    private final PerSecondWindow lowestHeadroom = new PerSecondWindow(PEAK_MEMORY_S, PerSecondWindow.Combine.MIN);
    /** Compaction passes in each second of the last {@link #COMPACTION_MEMORY_S}. */
    private final PerSecondWindow compactionPasses =
            new PerSecondWindow(COMPACTION_MEMORY_S, PerSecondWindow.Combine.SUM);

    /** Headroom's highest value per second over three envelope blocks: the floor between bursts. */
    private final PerSecondWindow highestHeadroom =
            new PerSecondWindow(3 * ENVELOPE_BLOCK_S, PerSecondWindow.Combine.MAX);
    /** The envelope's three blocks of {@link #highestHeadroom}: the floor between bursts in each. */
    private final ThreeBlocks envelope = new ThreeBlocks(highestHeadroom, ENVELOPE_BLOCK_S);

    /** When memory first held still after boot (ns; -1: not yet): the envelope's blocks start after it. */
    private long heldSinceNs = -1;

    /** Headroom's lowest value per second over three trough blocks. */
    private final PerSecondWindow troughs = new PerSecondWindow(3 * TROUGH_BLOCK_S, PerSecondWindow.Combine.MIN);
    /** The trough trend's three blocks of {@link #troughs}. */
    private final ThreeBlocks troughBlocks = new ThreeBlocks(troughs, TROUGH_BLOCK_S);
    /** Projected instants of exhaustion (s) of the last {@link #STABLE_SAMPLES} + 1 samples; NaN: none. */
    private final double[] instants = new double[STABLE_SAMPLES + 1];

    private int slot, instantSlot, seen, trustedRun;
    /** Whether the growth that began at boot is still going (a start-up ramp, not a leak). */
    private boolean bootRamp = true;
    /**
     * Whether memory has grown in every second since boot (no second with growth under
     * {@link #HELD_GROWTH} of memory and swap yet): until it first holds still, a growth is the
     * start-up, and {@link #imminentS} is not used (the boot-ramp rule may end earlier, when a ramp
     * slows under reclaim stalls near the top).
     */
    private boolean growingSinceBoot = true;
    /** The steepest 1 s growth rate of the boot ramp so far, pages per second. */
    private double bootPeakRate;

    /** Whether the current run of trustworthy projections began under {@link #MIN_FIRST_PROJECTION_S}. */
    private boolean lateRun;

    private long tteNs = -1;
    private double projectionS = Double.POSITIVE_INFINITY;

    public CrashFeatures(FloatKernels kernels) {
        window = new SampleWindow(100, kernels);
        Arrays.fill(instants, Double.NaN);
    }

    /** Folds in a sample and recomputes the features. */
    public void update(MemorySample s) {
        window.add(s);
        failSum += s.allocFailures() - fail[slot];
        stallSum += s.stallNs() - stall[slot];
        reclaimSum += s.reclaimedPages() - reclaim[slot];
        compactSum += s.compactions() - compact[slot];
        fail[slot] = s.allocFailures();
        stall[slot] = s.stallNs();
        reclaim[slot] = s.reclaimedPages();
        compact[slot] = s.compactions();
        slot = slot + 1 == RECENT ? 0 : slot + 1;
        double total = s.totalPages();
        double capacity = s.capacityPages(); // memory and swap (the zone without swap)
        double growth = window.slope(SampleWindow.Column.UNRECOVERABLE, TREND_SAMPLES); // pages per second
        if (bootRamp) {
            updateBootRamp(s.timeNs(), window.slope(SampleWindow.Column.UNRECOVERABLE, RECENT));
        }
        double headroomPages = Math.max(0, s.availablePages() - s.minWatermark());
        double tteS = growth > 1e-9 ? headroomPages / growth : Double.POSITIVE_INFINITY;
        x[0] = Double.isInfinite(tteS) ? 0 : clamp(1 - tteS / TTE_SCALE_S);
        x[1] = 1 - s.availablePages() / capacity;
        x[2] = clamp(1 - headroomPages / (0.1 * total));
        x[3] = Math.min(1, failSum / 3.0);
        x[4] = Math.min(1, stallSum / 1e9);
        x[5] = s.unusableIndex() / 1000.0;
        x[6] = clamp(window.slope(SampleWindow.Column.UNUSABLE_INDEX, TREND_SAMPLES) / 50);
        x[7] = s.psiSomeAvg10() / 100;
        x[8] = s.psiFullAvg10() / 100;
        x[9] = s.cachePages() / total;
        x[10] = Math.min(1, reclaimSum / (0.05 * total));
        x[11] = Math.min(1, compactSum / 5.0);
        // Over 10 s a leak keeps growing while a batch job's grow-and-free cycles average out.
        double growthLong = window.slope(SampleWindow.Column.UNRECOVERABLE, window.capacity());
        x[12] = growthLong > 1e-9 ? clamp(1 - headroomPages / growthLong / TTE_SCALE_S) : 0;
        // The linear model needs the steep part of the risk curve as its own input: 1 at exhaustion,
        // 0 from 20 s away on.
        x[13] = Double.isInfinite(tteS) ? 0 : clamp(1 - tteS / 20);
        // Blocks of the watched order (2 MiB) are what huge pages and DMA need; each order below it
        // that the largest free block has fallen adds to the deficit.
        x[14] = s.largestFreeOrder() < 0 ? 1 : clamp((LARGE_ORDER - s.largestFreeOrder()) / (double) LARGE_ORDER);
        // earlyoom's signal as a ramp: 0 with 15% of memory available, 1 at 5%.
        x[15] = clamp((0.15 - s.availablePages() / capacity) / 0.10);
        // Pageblocks pinned by unmovable pages bound what compaction can still assemble.
        x[16] = s.pinnedPageblocks();
        double pinningRate = window.slope(SampleWindow.Column.PINNED, TREND_SAMPLES);
        x[17] = clamp(pinningRate * 10);
        // Huge pages and DMA buffers come from clean pageblocks; as unmovable pages land in the last
        // of them the next high-order request fails even with compaction, however much is free.
        double pageblocks = total / (1 << LARGE_ORDER);
        double clean = (1 - s.pinnedPageblocks()) * pageblocks;
        x[18] = clamp(1 - clean / CLEAN_BLOCKS_RESERVE);
        double projected = clean - Math.max(0, pinningRate) * pageblocks * CLEAN_PROJECTION_S;
        x[19] = clamp(1 - projected / CLEAN_BLOCKS_RESERVE);
        // A burst job shows its next peak by its last one: a dip that came within a few percent of
        // MIN, with the baseline growing since, does not fit next time.
        lowestHeadroom.add(s.timeNs(), headroomPages);
        highestHeadroom.add(s.timeNs(), headroomPages);
        x[20] = clamp(1 - lowestHeadroom.value() / (0.05 * total));
        // Smaller huge-page-like requests (1 MiB, 512 KiB) run out later, in the clean halves and
        // quarters of pinned pageblocks; the reserve is the same 32 MiB counted in those regions.
        x[21] = clamp(1 - (1 - s.pinnedHalfPageblocks()) * (pageblocks * 2) / (CLEAN_BLOCKS_RESERVE * 2));
        x[22] = clamp(1 - (1 - s.pinnedQuarterPageblocks()) * (pageblocks * 4) / (CLEAN_BLOCKS_RESERVE * 4));
        // Each compaction pass is a request that found no free block of its order (Linux's
        // compact_stall): as they come more often, the one that compaction cannot serve comes closer.
        compactionPasses.add(s.timeNs(), s.compactions());
        x[23] = Math.min(1, compactionPasses.value() / 5.0);
        // Time until the deepest dip of the last 30 s reaches MIN at the 10 s growth rate: a burst job's
        // next peak on a rising floor. Flat or falling usage projects nothing, however high it is.
        double peakTteS = growthLong > 1e-9 ? lowestHeadroom.value() / growthLong : Double.POSITIVE_INFINITY;
        x[24] = Double.isInfinite(peakTteS) ? 0 : clamp(1 - peakTteS / 20);
        // Memory runs out only while it is at its lowest headroom of the last 30 s: a burst that was
        // freed, or a level that went down, is not running out, however steep the last 5 s were.
        boolean atLowest = headroomPages <= lowestHeadroom.value() + 0.005 * total;
        double runningOut = !atLowest ? Double.POSITIVE_INFINITY : tteS;
        projectionS =
                Math.min(stableProjection(s.timeNs() / 1e9, runningOut, total), troughProjection(s, headroomPages));
        x[25] = Double.isInfinite(projectionS) ? 0 : clamp(1 - projectionS / TTE_SCALE_S);
        projectionS = Math.min(projectionS, imminentS(headroomPages, capacity));
        if (!growingSinceBoot && heldSinceNs < 0) {
            heldSinceNs = s.timeNs();
        }
        projectionS = Math.min(projectionS, rampS(s, headroomPages, capacity));
        projectionS = Math.min(projectionS, envelopeS(s.timeNs(), capacity));
        // High-order supply against demand: the order a request last needed compaction for, and how
        // many regions of it compaction could still assemble once the held huge pages and buffers
        // are counted (1 when none is left: the next such request fails however much is free).
        x[26] = s.demandedOrder() < 0 ? 0 : (s.demandedOrder() + 1) / 11.0;
        x[27] = s.demandedOrder() < 0 ? 0 : clamp(1 - s.spareRegions() / SPARE_SCALE);
        tteNs = Double.isInfinite(projectionS) ? -1 : (long) Math.min(projectionS * 1e9, Long.MAX_VALUE / 2.0);
    }

    /**
     * The time to exhaustion, kept only when it is trustworthy: the window holds its full 10 s (a
     * trend from the first seconds of a process's start-up is not one), and the instant it projects
     * (now + tte) has stayed within {@link #STABLE_TOLERANCE} of the tte (at least 1 s) over the
     * last {@link #STABLE_SAMPLES} samples, as a leak's does while a ramp that levels off, or a burst
     * that ends, pushes its projected instant away; and it has been so for {@link #TRUST_SAMPLES}
     * samples in a row. Infinite when not trustworthy.
     */
    private double stableProjection(double nowS, double tteS, double total) {
        double instant = Double.isInfinite(tteS) ? Double.NaN : nowS + tteS;
        double then = instants[instantSlot]; // the oldest: STABLE_SAMPLES samples ago
        instants[instantSlot] = instant;
        instantSlot = instantSlot + 1 == instants.length ? 0 : instantSlot + 1;
        seen++;
        boolean stable = seen >= window.capacity()
                && !bootRamp
                && !Double.isNaN(instant)
                && !Double.isNaN(then)
                && Math.abs(instant - then) <= Math.max(1, STABLE_TOLERANCE * tteS);
        trustedRun = stable ? trustedRun + 1 : 0;
        if (trustedRun == TRUST_SAMPLES) {
            lateRun = tteS < MIN_FIRST_PROJECTION_S;
        }
        return trustedRun >= TRUST_SAMPLES && !lateRun ? tteS : Double.POSITIVE_INFINITY;
    }

    /**
     * The imminent projection: when the headroom is at most {@link #IMMINENT_HEADROOM} of memory
     * and swap, unrecoverable memory grew in each of the last two half-seconds (a leak grows in
     * both; a burst allocated at once steps in one of them, a level that holds in neither) and the
     * headroom lasts under {@link #IMMINENT_S} at the 1 s growth rate, that time; else infinite. Not
     * during the boot ramp (services starting). It is scored by the hazard like any projection and
     * lets the autonomy loop kill without the 3 s of held alarm ({@code AutonomyLoop.IMMINENT_NS}):
     * what the fastest leaks leave. It does not feed the {@code projected} feature. Not before
     * memory has once held still since boot ({@link #growingSinceBoot}): steady-93's ramp to 93%,
     * slowed by reclaim near the top, ended the boot-ramp rule and passed for one sample on
     * validation seed 1004.
     */
    private double imminentS(double headroomPages, double capacity) {
        if (window.size() <= RECENT) {
            return Double.POSITIVE_INFINITY;
        }
        double now = window.value(SampleWindow.Column.UNRECOVERABLE, 0);
        if (growingSinceBoot
                && now - window.value(SampleWindow.Column.UNRECOVERABLE, RECENT) <= HELD_GROWTH * capacity) {
            growingSinceBoot = false;
        }
        if (bootRamp || growingSinceBoot || headroomPages > IMMINENT_HEADROOM * capacity) {
            return Double.POSITIVE_INFINITY;
        }
        int half = RECENT / 2;
        double mid = window.value(SampleWindow.Column.UNRECOVERABLE, half);
        double then = window.value(SampleWindow.Column.UNRECOVERABLE, RECENT);
        if (!(now > mid && mid > then)) {
            return Double.POSITIVE_INFINITY;
        }
        double rate = window.slope(SampleWindow.Column.UNRECOVERABLE, RECENT);
        double t = rate > 1e-9 ? headroomPages / rate : Double.POSITIVE_INFINITY;
        return t <= IMMINENT_S ? t : Double.POSITIVE_INFINITY;
    }

    /**
     * The ramp projection: a leak that starts from memory at rest. Unrecoverable memory grew in each
     * of the last {@link #RAMP_STEPS} half-seconds, steadily (no step more than
     * {@link #RAMP_STEADINESS} times another); the headroom is at its lowest of the last 30 s, and
     * the ramp began at the lowest headroom of the 30 s before it (whole seconds from the one before
     * its start; a batch job's next ramp starts
     * after it freed, far above its last peak); then the headroom over the ramp's rate, when within
     * {@link #RAMP_MAX_S}. Not during the boot ramp nor before memory first held still since boot
     * (a job's first ramp from boot looks the same). It reaches a leak of 12-32 MiB/s 2 s after it
     * began, where the trusted projection needs about 8 s and comes too late for a 5 s warning.
     * Set from the mechanism and checked offline on seeds 1000..1007 (docs/crash-prediction.md).
     */
    private double rampS(MemorySample s, double headroomPages, double capacity) {
        int step = RECENT / 2, span = RAMP_STEPS * step;
        if (bootRamp || growingSinceBoot || window.size() <= span) {
            return Double.POSITIVE_INFINITY;
        }
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int j = 0; j < RAMP_STEPS; j++) {
            double inc = window.value(SampleWindow.Column.UNRECOVERABLE, j * step)
                    - window.value(SampleWindow.Column.UNRECOVERABLE, (j + 1) * step);
            if (!(inc > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            lo = Math.min(lo, inc);
            hi = Math.max(hi, inc);
        }
        double margin = 0.005 * s.totalPages();
        double startHeadroom = Math.max(0, window.value(SampleWindow.Column.AVAILABLE, span) - s.minWatermark());
        if (hi > RAMP_STEADINESS * lo
                || headroomPages > lowestHeadroom.value() + margin
                || startHeadroom > rampStartLowest(span / RECENT + 1) + margin) {
            return Double.POSITIVE_INFINITY;
        }
        double rate = window.slope(SampleWindow.Column.UNRECOVERABLE, span + 1);
        double t = rate > 1e-9 ? headroomPages / rate : Double.POSITIVE_INFINITY;
        return t <= RAMP_MAX_S ? t : Double.POSITIVE_INFINITY;
    }

    /**
     * {@code lowestHeadroom.value(fromAgo, PEAK_MEMORY_S)}, recomputed only when the second moves on:
     * with {@code fromAgo > 0} the current second's bucket is not in it, and no other bucket changes
     * within a second.
     */
    private double rampStartLowest(int fromAgo) {
        if (rampLowestSecondVersion != lowestHeadroom.secondVersion() || rampLowestFrom != fromAgo) {
            rampLowest = lowestHeadroom.value(fromAgo, PEAK_MEMORY_S);
            rampLowestSecondVersion = lowestHeadroom.secondVersion();
            rampLowestFrom = fromAgo;
        }
        return rampLowest;
    }

    /** {@link #rampStartLowest}'s value, for that window start, as of that second version (-1: none). */
    private double rampLowest;

    private long rampLowestSecondVersion = -1;
    private int rampLowestFrom = -1;

    /**
     * The envelope projection: bursts on a rising floor. The floor is the highest headroom of each
     * of three {@link #ENVELOPE_BLOCK_S}-second blocks (the level between bursts); when it fell in
     * both steps by at least {@link #ENVELOPE_MIN_DECLINE} of memory, alike (neither more than
     * {@link #TROUGH_STEP_RATIO} times the other), and the deepest dip of the last 30 s lies at least
     * {@link #ENVELOPE_MIN_DEPTH} below the floor (a burst), that dip moved forward at the floor's
     * rate reaches MIN after {@code dip / rate - its age}: from then on the same burst no longer
     * fits. Clamped below at {@link #MIN_FIRST_PROJECTION_S} (when the next burst comes is not
     * known, so it is never imminent) and counted within {@link #ENVELOPE_MAX_S}. The blocks start
     * after memory first held still since boot. Unlike the trough trend it needs one burst, not one
     * in each block. Set from the mechanism, checked offline on seeds 1000..1007.
     */
    private double envelopeS(long nowNs, double capacity) {
        if (heldSinceNs < 0 || nowNs - heldSinceNs < (3L * ENVELOPE_BLOCK_S - 1) * 1_000_000_000L) {
            return Double.POSITIVE_INFINITY;
        }
        int b = ENVELOPE_BLOCK_S;
        envelope.refresh();
        double f1 = envelope.newest(), f0 = envelope.middle(), fm = envelope.oldest();
        double d1 = f0 - f1, d0 = fm - f0, min = ENVELOPE_MIN_DECLINE * capacity;
        double dip = lowestHeadroom.value();
        if (!(d1 > min && d0 > min) || !evenSteps(d1, d0) || f1 - dip < ENVELOPE_MIN_DEPTH * capacity) {
            return Double.POSITIVE_INFINITY;
        }
        double rate = (fm - f1) / (2.0 * b);
        double t = Math.max(MIN_FIRST_PROJECTION_S, dip / rate - lowestHeadroom.agoOfMin());
        return t <= ENVELOPE_MAX_S ? t : Double.POSITIVE_INFINITY;
    }

    /**
     * The boot ramp: memory that grows from the first sample on is the services starting, and its
     * projection is not trusted while that growth goes on, however steady (steady-93's service ramps
     * to 93% in 5-15 s from boot; when the 10 s window first filled, its line was a leak's that
     * would crash in 2-5 s, and on validation seed 1007 the loop killed it). The ramp ends for good
     * once the 1 s growth rate falls below half its steepest (or to nothing) after the first second,
     * or after {@link #BOOT_RAMP_MAX_NS}: a leak that began at boot is trusted from then on.
     */
    private void updateBootRamp(long nowNs, double rate1s) {
        if (firstNs >= 0 && nowNs - firstNs >= BOOT_RAMP_MAX_NS) {
            bootRamp = false;
            return;
        }
        if (seen < RECENT) {
            bootPeakRate = Math.max(bootPeakRate, rate1s);
            return;
        }
        if (rate1s <= 1 || rate1s < 0.5 * bootPeakRate) {
            bootRamp = false;
        } else {
            bootPeakRate = Math.max(bootPeakRate, rate1s);
        }
    }

    /**
     * Peaks on a rising floor: the lowest headroom of each of three {@link #TROUGH_BLOCK_S}-second
     * blocks; when each block's trough is deeper than the one before, the trend through them
     * reaches MIN after {@code newest trough / decline}. Infinite without three falling troughs.
     */
    private double troughProjection(MemorySample s, double headroomPages) {
        troughs.add(s.timeNs(), headroomPages);
        if (firstNs < 0) {
            firstNs = s.timeNs();
        }
        if (s.timeNs() - firstNs < 3L * TROUGH_BLOCK_S * 1_000_000_000L) {
            return Double.POSITIVE_INFINITY;
        }
        if (troughVersion == troughs.version()) {
            return troughResult; // the blocks' troughs have not changed since
        }
        troughBlocks.refresh();
        double b0 = troughBlocks.newest(), b1 = troughBlocks.middle(), b2 = troughBlocks.oldest();
        double result;
        if (!(b0 < b1 && b1 < b2) || Double.isInfinite(b2) || !evenSteps(b1 - b0, b2 - b1)) {
            result = Double.POSITIVE_INFINITY;
        } else {
            double decline = (b2 - b0) / (2.0 * TROUGH_BLOCK_S);
            result = b0 / decline;
        }
        troughVersion = troughs.version();
        troughResult = result;
        return result;
    }

    /**
     * Whether two successive declines of the troughs are alike (neither more than
     * {@link #TROUGH_STEP_RATIO} times the other), as a floor that rises at a steady rate makes them. A
     * block that held no peak at all has a trough far above the others: with bursts every 10-20 s a
     * 15 s block can miss one, and bursts-95 (flat peaks of 17.8 and 17.7 MiB after a block without a
     * burst) projected exhaustion in 3.4 s from one such step (training seed 1000).
     */
    static boolean evenSteps(double newer, double older) {
        return newer <= TROUGH_STEP_RATIO * older && older <= TROUGH_STEP_RATIO * newer;
    }

    /** The trough trend of {@link #troughs} at {@link #troughVersion} (-1: none computed). */
    private long troughVersion = -1;

    private double troughResult;

    /** Time of the first sample since the last reset; -1 before it. */
    private long firstNs = -1;

    /**
     * The projected time to exhaustion in seconds that {@link ExhaustionHazard} scores: the smaller
     * of the trustworthy running-out projection and the trough trend; infinite when neither holds.
     */
    public double projectionS() {
        return projectionS;
    }

    /**
     * Whether a high-order request needed direct compaction recently ({@code demanded_order} > 0):
     * only then is there a fragmentation risk to score.
     */
    public static boolean demanded(double[] x) {
        return x[26] > 0;
    }

    /**
     * The spare clean regions of the demanded order that {@code spare_low} encodes, from 0 (none
     * left, or fewer than none) to {@link #SPARE_SCALE} (that many or more); infinite without demand.
     */
    public static double spareRegions(double[] x) {
        return demanded(x) ? SPARE_SCALE * (1 - x[27]) : Double.POSITIVE_INFINITY;
    }

    /** The current feature values (a live view; copy to keep). */
    public double[] values() {
        return x;
    }

    /**
     * Estimated time to exhaustion in ns ({@link #projectionS()}): the headroom now at the 5 s growth
     * rate of unrecoverable memory, when the headroom is at its lowest of the last 30 s (within 0.5%
     * of memory) and the projection has held for 2 s, or the trough trend; -1 when neither holds.
     */
    public long timeToExhaustionNs() {
        return tteNs;
    }

    public void reset() {
        window.clear();
        Arrays.fill(fail, 0);
        Arrays.fill(stall, 0);
        Arrays.fill(reclaim, 0);
        Arrays.fill(compact, 0);
        failSum = stallSum = reclaimSum = compactSum = 0;
        Arrays.fill(x, 0);
        lowestHeadroom.clear();
        highestHeadroom.clear();
        heldSinceNs = -1;
        envelope.clear();
        rampLowestSecondVersion = -1;
        compactionPasses.clear();
        troughs.clear();
        Arrays.fill(instants, Double.NaN);
        slot = 0;
        instantSlot = 0;
        seen = 0;
        trustedRun = 0;
        lateRun = false;
        bootRamp = true;
        growingSinceBoot = true;
        bootPeakRate = 0;
        firstNs = -1;
        troughVersion = -1;
        troughBlocks.clear();
        tteNs = -1;
        projectionS = Double.POSITIVE_INFINITY;
    }

    /**
     * {@code Math.max(0, Math.min(1, v))}, the same bits (-0.0 gives +0.0, a NaN itself), in two
     * compares instead of the double min and max sequences.
     */
    private static double clamp(double v) {
        if (v >= 1) {
            return 1;
        }
        if (v > 0) {
            return v;
        }
        return v != v ? v : 0.0;
    }
}
