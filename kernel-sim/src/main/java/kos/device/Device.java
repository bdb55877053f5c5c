package kos.device;

import java.util.SplittableRandom;

/**
 * One simulated block device: its SMART-style counters (what {@code smartctl -A} and the block layer
 * show), advanced one simulated minute at a time by {@link DeviceMachine}, and its hidden fate (the
 * failure mode, onset and failure minute), which only labels and scoring may read.
 */
public final class Device {
    private final int id;
    private final SplittableRandom rnd;
    private final FailureMode mode;
    private final int onsetMin, failMin;
    private final double baseTempC, powerOnHours;
    private final int defectMin, defectSize, scrubMin;
    private final double wearTotal, thermalRiseC;
    private long reallocated, readErrors, latencyOutliers, timeouts;
    private int pending, readErrorsNow, outliersNow;
    private double temperatureC, load;
    private boolean failed, retired;
    private int failedAtMin = -1;

    Device(int id, SplittableRandom rnd, FailureMode mode, int failMin, int runMin) {
        this.id = id;
        this.rnd = rnd;
        this.mode = mode;
        this.failMin = mode == FailureMode.NONE ? -1 : failMin;
        int lead = mode == FailureMode.NONE ? 0 : mode.minLeadMin + rnd.nextInt(mode.maxLeadMin - mode.minLeadMin + 1);
        this.onsetMin = mode == FailureMode.NONE ? -1 : failMin - lead;
        this.baseTempC = 30 + 8 * rnd.nextDouble();
        this.powerOnHours = 500 + 35_000 * rnd.nextDouble();
        // A benign grown defect on 30% of devices: a one-off jump of reallocated sectors that then stays put.
        boolean defect = rnd.nextDouble() < 0.3;
        this.defectMin = defect ? rnd.nextInt(runMin) : -1;
        this.defectSize = 8 + rnd.nextInt(193);
        // Every device is scrubbed once a day for an hour: full-load reads that surface latent read errors.
        this.scrubMin = rnd.nextInt(runMin - 60);
        this.wearTotal = 1500 + 1500 * rnd.nextDouble();
        this.thermalRiseC = 25 + 10 * rnd.nextDouble();
        this.temperatureC = baseTempC;
    }

    /**
     * Advances one minute: {@code minute} of the run, {@code demand} the I/O load its tasks put on it
     * (0..1), {@code ambientC} the air around its enclosure, {@code busReset} timeouts from a cable or
     * bus reset in its enclosure this minute.
     */
    void step(int minute, double demand, double ambientC, int busReset) {
        if (failed) {
            return;
        }
        if (minute >= failMin && failMin >= 0) {
            failed = true;
            failedAtMin = minute;
            readErrorsNow = 0;
            outliersNow = 0;
            load = 0;
            return;
        }
        double p = mode != FailureMode.NONE && minute >= onsetMin
                ? (double) (minute - onsetMin) / (failMin - onsetMin)
                : -1;
        boolean scrub = minute >= scrubMin && minute < scrubMin + 60;
        load = Math.min(1, Math.max(0.02, demand + 0.03 * gauss()));
        if (scrub) {
            load = 1;
        }
        double readRate = 0.3 * load * (scrub ? 4 : 1), outlierRate = 0.6 * load * (scrub ? 3 : 1);
        double reallocRate = 0, pendingRate = 0.002 * load, timeoutRate = 1.0 / 720;
        double heat = 0;
        if (p >= 0) {
            switch (mode) {
                case WEAR -> {
                    double k = 4;
                    reallocRate =
                            wearTotal * k * StrictMath.exp(k * p) / (StrictMath.exp(k) - 1) / (failMin - onsetMin);
                    pendingRate += 0.3 * reallocRate;
                    readRate *= 1 + 4 * p;
                    outlierRate *= 1 + 3 * p;
                }
                case HEAD -> {
                    readRate *= 1 + 60 * p * p;
                    outlierRate *= 1 + 30 * p * p;
                    reallocRate = 0.5 * p * p;
                    pendingRate += 2 * p * p;
                }
                case THERMAL -> {
                    heat = thermalRiseC * p;
                    double hot = Math.max(0, p - 0.5);
                    outlierRate *= 1 + 80 * hot * hot;
                }
                case CONTROLLER -> {
                    timeoutRate += 0.05 + 3 * p * p;
                    outlierRate *= 1 + 10 * p;
                }
                case NONE -> {}
            }
        }
        readErrorsNow = poisson(readRate);
        outliersNow = poisson(outlierRate);
        readErrors += readErrorsNow;
        latencyOutliers += outliersNow;
        int grown = poisson(reallocRate);
        if (minute == defectMin) {
            grown += defectSize;
            pending += 1 + rnd.nextInt(8);
        }
        int resolved = Math.min(pending, poisson(pending * 0.05));
        pending += poisson(pendingRate) - resolved;
        reallocated += grown + resolved / 2;
        int t = poisson(timeoutRate);
        timeouts += (t > 0 ? t * (1 + rnd.nextInt(3)) : 0) + busReset;
        double target = baseTempC + 8 * load + ambientC + heat;
        temperatureC += 0.2 * (target - temperatureC) + 0.3 * gauss();
    }

    void retire() {
        retired = true;
    }

    private double gauss() {
        // Irwin-Hall approximation of a standard normal: deterministic, no Math.log/sqrt of a boundary draw.
        double s = 0;
        for (int i = 0; i < 12; i++) {
            s += rnd.nextDouble();
        }
        return s - 6;
    }

    private int poisson(double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 30) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss()));
        }
        double l = StrictMath.exp(-lambda), prod = rnd.nextDouble();
        int k = 0;
        while (prod > l) {
            prod *= rnd.nextDouble();
            k++;
        }
        return k;
    }

    public int id() {
        return id;
    }

    /** Its enclosure (8 devices each): they share air and a bus. */
    public int enclosure() {
        return id / DeviceMachine.PER_ENCLOSURE;
    }

    public long reallocated() {
        return reallocated;
    }

    public int pending() {
        return pending;
    }

    /** Cumulative read errors (raw read error rate's raw value). */
    public long readErrors() {
        return readErrors;
    }

    public int readErrorsNow() {
        return readErrorsNow;
    }

    /** Cumulative I/Os slower than 100 ms. */
    public long latencyOutliers() {
        return latencyOutliers;
    }

    public int outliersNow() {
        return outliersNow;
    }

    /** Cumulative command timeouts (SMART 188). */
    public long timeouts() {
        return timeouts;
    }

    public double temperatureC() {
        return temperatureC;
    }

    /** Utilisation this minute, 0..1. */
    public double load() {
        return load;
    }

    public double powerOnHours() {
        return powerOnHours;
    }

    public boolean failed() {
        return failed;
    }

    public int failedAtMin() {
        return failedAtMin;
    }

    /** Drained by a responder: no tasks are placed on it any more. */
    public boolean retired() {
        return retired;
    }

    /** Ground truth, for labels and scoring only: how it degrades. */
    public FailureMode mode() {
        return mode;
    }

    /** Ground truth, for labels and scoring only: the minute it fails (-1: not in this run). */
    public int failMin() {
        return failMin;
    }

    /** Ground truth, for labels and scoring only: the minute its degradation starts (-1: none). */
    public int onsetMin() {
        return onsetMin;
    }
}
