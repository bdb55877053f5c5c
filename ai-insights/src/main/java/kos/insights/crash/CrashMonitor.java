package kos.insights.crash;

import kos.mem.MemoryObserver;
import kos.mem.OomEvent;
import kos.mem.PhysicalMemory;
import kos.sim.RandomStreams;
import kos.sim.Simulation;
import kos.sim.Telemetry;
import kos.sim.TelemetryNames;
import kos.sim.TraceKind;

/**
 * Runs a {@link CrashPredictor} inside a simulation: every sampling period it reads a
 * {@link MemorySample}, updates the predictor, records the prediction in the
 * {@link PredictionHistory}, and traces alarm changes. An out-of-memory event (a kernel panic or a
 * kernel OOM kill) is the crash that resolves pending predictions as positive.
 *
 * <p>The wall-clock cost of each update goes to the dashboard ({@code crash_predictor}); it is never
 * read back.
 */
public final class CrashMonitor implements MemoryObserver {
    /** How far below the threshold the confidence must fall to clear an alarm. */
    public static final double HYSTERESIS = 0.2;
    /**
     * How long an alarm must last to count as a warning even if it clears before the crash: the
     * autonomy loop's default decision interval (500 ms), so the loop would have acted on it.
     */
    public static final long ACTIONABLE_NS = 500_000_000L;

    private static final TraceKind ALARM = TraceKind.of("crash.alarm", "on", "confidence_bits", "cause");

    /**
     * @param periodNs     sampling period (default 100 ms)
     * @param threshold    alarm threshold on the confidence, in (0, 1]
     * @param horizonNs    how far ahead a prediction speaks (default 20 s)
     * @param watchedOrder the order whose unusable index is sampled (default 9)
     */
    public record Config(long periodNs, double threshold, long horizonNs, int watchedOrder) {
        public static final Config DEFAULT = new Config(100_000_000L, 0.8, 20_000_000_000L, 9);

        public Config withThreshold(double t) {
            if (!(t > 0 && t <= 1)) {
                throw new kos.sim.KosException("threshold must be in (0, 1], got " + t);
            }
            return new Config(periodNs, t, horizonNs, watchedOrder);
        }
    }

    private final Simulation sim;
    private final CrashPredictor predictor;
    private final LivePredictor live;
    private final MemorySampler sampler;
    private final PredictionHistory history;
    private final CalibrationTable calibration = new CalibrationTable();
    private final Telemetry.Latency latency;
    private final Telemetry.Counter made, correct;
    /** Whether alarm changes go into the simulation's trace (not for an {@link #observe observer}). */
    private final boolean traced;

    private double threshold;
    private java.util.function.Consumer<Prediction> listener;
    /** The latest prediction's record, built when first asked for ({@link #last()}). */
    private Prediction last;

    private boolean sampled;
    private boolean alarm;
    private long firstAlarmNs = -1, creditedAlarmNs = -1, alarmNs, crashNs = -1, episodeStartNs = -1, leadNs = -1;
    private String crashCause;

    private CrashMonitor(
            Simulation sim, PhysicalMemory mem, CrashPredictor predictor, Config config, boolean installed) {
        this.sim = sim;
        this.predictor = predictor;
        this.live = LivePredictor.of(predictor);
        this.threshold = config.threshold();
        this.sampler = new MemorySampler(mem, config.watchedOrder());
        Telemetry telemetry = installed ? sim.telemetry() : Telemetry.NONE;
        this.latency = telemetry.latency(TelemetryNames.CRASH_PREDICTOR);
        this.made = telemetry.counter(TelemetryNames.PREDICTIONS_MADE);
        this.correct = telemetry.counter(TelemetryNames.PREDICTIONS_CORRECT);
        this.traced = installed;
        this.history = new PredictionHistory(config.horizonNs(), 1000, this::resolved);
    }

    private boolean enabled = true;

    /** Creates a monitor, installs it in the simulation and starts sampling one period from now. */
    public static CrashMonitor install(Simulation sim, PhysicalMemory mem, CrashPredictor predictor, Config config) {
        CrashMonitor m = new CrashMonitor(sim, mem, predictor, config, true);
        sim.install(CrashMonitor.class, m);
        mem.addObserver(m);
        long period = config.periodNs();
        sim.every(period, s -> m.tick(period));
        return m;
    }

    /**
     * A second monitor that only watches: not installed (nothing finds it, so no autonomy loop acts
     * on it), its alarms not traced, its telemetry dropped. It samples on the same period as the
     * installed one and reads the memory without changing it, so it sees what the installed monitor
     * sees and makes exactly the predictions it would make as the installed one with actions off:
     * {@code crashctl eval} scores every predictor's actions-off pass on one simulation this way.
     */
    public static CrashMonitor observe(Simulation sim, PhysicalMemory mem, CrashPredictor predictor, Config config) {
        CrashMonitor m = new CrashMonitor(sim, mem, predictor, config, false);
        mem.addObserver(m);
        long period = config.periodNs();
        sim.every(period, s -> m.tick(period));
        return m;
    }

    /**
     * Switches predicting on or off (the {@code crash-monitor} feature gate). While off, samples are
     * skipped and no alarm stands, so the autonomy loop has nothing to act on.
     */
    public void enabled(boolean on) {
        enabled = on;
        if (!on) {
            alarm = false;
            episodeStartNs = -1;
        }
    }

    public boolean enabled() {
        return enabled;
    }

    private void tick(long periodNs) {
        if (!enabled) {
            return;
        }
        MemorySample s = sampler.sample();
        long t0 = System.nanoTime();
        live.observe(s);
        latency.record(System.nanoTime() - t0);
        last = null;
        sampled = true;
        if (listener != null) {
            listener.accept(last());
        }
        double confidence = live.confidence();
        CrashCause cause = live.cause();
        history.record(s.timeNs(), confidence, cause, threshold);
        // Hysteresis: an alarm is raised at the threshold and cleared only below threshold - HYSTERESIS,
        // so a confidence hovering at the threshold reads as one warning, not a flicker of them.
        boolean nowAlarm = alarm ? confidence >= threshold - HYSTERESIS : confidence >= threshold;
        if (nowAlarm) {
            alarmNs += periodNs;
            if (firstAlarmNs < 0) {
                firstAlarmNs = s.timeNs();
            }
        }
        if (nowAlarm != alarm) {
            if (alarm && creditedAlarmNs < 0 && s.timeNs() - episodeStartNs >= ACTIONABLE_NS) {
                creditedAlarmNs = episodeStartNs;
            }
            alarm = nowAlarm;
            episodeStartNs = nowAlarm ? s.timeNs() : -1;
            if (traced) {
                sim.trace()
                        .record(
                                ALARM,
                                sim.now(),
                                nowAlarm ? 1 : 0,
                                Float.floatToIntBits((float) confidence),
                                RandomStreams.fnv1a64(cause.name()));
            }
        }
    }

    private void resolved(PredictionHistory.Entry e) {
        boolean positive = e.outcome() == Outcome.TRUE_POSITIVE || e.outcome() == Outcome.FALSE_NEGATIVE;
        calibration.add(e.confidence(), positive);
        made.add(1);
        if (e.outcome() == Outcome.TRUE_POSITIVE || e.outcome() == Outcome.TRUE_NEGATIVE) {
            correct.add(1);
        }
    }

    @Override
    public void onOom(OomEvent event) {
        if (crashNs < 0) {
            crashNs = event.timeNs();
            crashCause = event.cause();
            leadNs = alarm ? crashNs - episodeStartNs : -1;
            if (alarm && creditedAlarmNs < 0) {
                creditedAlarmNs = episodeStartNs;
            }
        }
        history.crash(event.timeNs());
    }

    /** Told of every prediction as it is made (for recording training data). */
    public void onPrediction(java.util.function.Consumer<Prediction> l) {
        listener = l;
    }

    public CrashPredictor predictor() {
        return predictor;
    }

    /** The latest prediction, or null before the first sample. */
    public Prediction last() {
        if (last == null && sampled) {
            last = live.prediction(); // the predictor has seen no sample since the latest tick
        }
        return last;
    }

    public boolean alarm() {
        return alarm;
    }

    public double threshold() {
        return threshold;
    }

    public void threshold(double t) {
        threshold = Config.DEFAULT.withThreshold(t).threshold();
    }

    public PredictionHistory history() {
        return history;
    }

    public CalibrationTable calibration() {
        return calibration;
    }

    public long firstAlarmNs() {
        return firstAlarmNs;
    }

    /**
     * Start of the first alarm that counts as a warning: one on at the crash, or one that lasted at
     * least {@link #ACTIONABLE_NS}; -1 when none (yet).
     */
    public long creditedAlarmNs() {
        return creditedAlarmNs >= 0 || !alarm || sim.now() - episodeStartNs < ACTIONABLE_NS
                ? creditedAlarmNs
                : episodeStartNs;
    }

    public long alarmNs() {
        return alarmNs;
    }

    /**
     * How long the alarm had been on, without a break, when the first out-of-memory event came; -1
     * when the alarm was off then (an alarm that came and went earlier does not count as warning).
     */
    public long leadNs() {
        return leadNs;
    }

    /** Time of the first out-of-memory event, or -1. */
    public long crashNs() {
        return crashNs;
    }

    public String crashCause() {
        return crashCause;
    }

    /** Resolves every prediction whose horizon has passed by now (call at the end of a run). */
    public void settle() {
        history.advance(sim.now());
    }
}
