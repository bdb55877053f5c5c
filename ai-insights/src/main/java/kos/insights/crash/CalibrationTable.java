package kos.insights.crash;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.util.ArrayList;
import java.util.List;

/**
 * A reliability table: predictions binned by confidence into ten bins [0, 0.1), ..., [0.9, 1.0],
 * with, per bin, how many resolved predictions fell in it and how many were followed by a crash
 * within the horizon. A calibrated predictor's observed rate in each bin lies inside the bin.
 */
public final class CalibrationTable {
    public static final int BINS = 10;
    private final long[] count = new long[BINS], positive = new long[BINS];
    private final double[] confidenceSum = new double[BINS];

    /** A resolved prediction: its confidence and whether a crash followed within the horizon. */
    public void add(double confidence, boolean crashFollowed) {
        int bin = Math.min(BINS - 1, Math.max(0, (int) Math.floor(confidence * BINS)));
        count[bin]++;
        confidenceSum[bin] += confidence;
        if (crashFollowed) {
            positive[bin]++;
        }
    }

    public void merge(CalibrationTable other) {
        for (int i = 0; i < BINS; i++) {
            count[i] += other.count[i];
            positive[i] += other.positive[i];
            confidenceSum[i] += other.confidenceSum[i];
        }
    }

    /** One bin: its range, predictions in it, their mean confidence, and the fraction followed by a crash. */
    public record Bin(double from, double to, long predictions,
                      @JsonSerialize(using = NanAsNull.class) double meanConfidence, long crashes,
                      @JsonSerialize(using = NanAsNull.class) double observedRate) {
    }

    /** The ten bins, lowest first; also the table's JSON form. */
    @com.fasterxml.jackson.annotation.JsonValue
    public List<Bin> bins() {
        List<Bin> out = new ArrayList<>(BINS);
        for (int i = 0; i < BINS; i++) {
            out.add(new Bin(i / (double) BINS, (i + 1) / (double) BINS, count[i],
                    count[i] == 0 ? Double.NaN : confidenceSum[i] / count[i], positive[i],
                    count[i] == 0 ? Double.NaN : positive[i] / (double) count[i]));
        }
        return out;
    }

    /**
     * Expected calibration error: the prediction-weighted mean of |observed crash rate - mean
     * confidence| over the bins. 0 is perfect.
     */
    public double expectedCalibrationError() {
        long total = 0;
        double err = 0;
        for (int i = 0; i < BINS; i++) {
            if (count[i] > 0) {
                total += count[i];
                err += Math.abs(positive[i] - confidenceSum[i]);
            }
        }
        return total == 0 ? 0 : err / total;
    }
}
