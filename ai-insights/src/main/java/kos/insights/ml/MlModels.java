package kos.insights.ml;

import java.util.List;
import java.util.function.Supplier;
import kos.insights.device.DeviceModel;
import kos.insights.forecast.WorkloadForecastModel;
import kos.insights.prefetch.MemoryAccessModel;
import kos.insights.threat.ThreatModel;
import kos.sim.KosException;

/**
 * The models the pipeline can train, by registry name. A new model (issue 21's detectors, say)
 * implements {@link MlModel} and adds one line here.
 */
public final class MlModels {
    private static final List<Supplier<MlModel>> ALL =
            List.of(WorkloadForecastModel::new, MemoryAccessModel::new, ThreatModel::new, DeviceModel::new);

    private MlModels() {}

    public static List<MlModel> all() {
        return ALL.stream().map(Supplier::get).toList();
    }

    /** The model named {@code name}; a KosException listing the known ones otherwise. */
    public static MlModel get(String name) {
        for (MlModel m : all()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new KosException("unknown model '" + name + "': trainable models are "
                + String.join(", ", all().stream().map(MlModel::name).toList()));
    }
}
