package kos.insights.device;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import kos.device.DeviceFeatures;
import kos.device.DeviceMachine;
import kos.device.FailureMode;
import kos.ml.data.Dataset;

/**
 * The training rows of the learned predictors: every observation of the training seeds' days with no
 * action taken, labelled 1 when the device has begun to degrade and fails within
 * {@link #HORIZON_MIN} minutes (its hidden fate, used as the label only: a row before the onset
 * looks healthy and is labelled 0). Rows of devices that do not fail are kept every
 * {@link #HEALTHY_STRIDE_MIN}th minute (they are 85% of the fleet and change slowly). Group: the
 * seed, rows in time order, so the pipeline's validation share is the end of each day.
 */
public final class DeviceData {
    public static final String NAME = "device";
    public static final int HORIZON_MIN = 120;
    public static final int HEALTHY_STRIDE_MIN = 5;
    public static final List<Long> TRAIN_SEEDS =
            LongStream.rangeClosed(1, 16).boxed().toList();
    public static final List<Long> EVAL_SEEDS = List.of(101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L, 110L);

    private DeviceData() {}

    public static Dataset collect(List<Long> seeds, BooleanSupplier interrupted) {
        Dataset d = new Dataset(NAME, DeviceFeatures.NAMES, List.of("fails_within_2h"));
        for (long seed : seeds) {
            if (interrupted.getAsBoolean()) {
                return d;
            }
            DeviceRunner.run(seed, DeviceMachine.RUN_MIN, null, null, rows -> {
                for (DeviceFeatures.Row r : rows) {
                    boolean failing = r.device().mode() != FailureMode.NONE;
                    if (!failing && r.minute() % HEALTHY_STRIDE_MIN != 0) {
                        continue;
                    }
                    int lead = r.device().failMin() - (r.minute() + 1);
                    boolean degrading = r.minute() >= r.device().onsetMin();
                    double y = failing && degrading && lead <= HORIZON_MIN ? 1 : 0;
                    d.add(Long.toString(seed), r.x(), new double[] {y});
                }
            });
        }
        return d;
    }
}
