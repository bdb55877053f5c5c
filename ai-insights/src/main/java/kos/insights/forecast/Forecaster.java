package kos.insights.forecast;

/**
 * An online forecaster of one series sampled once per second: it sees each value as it is
 * observed and forecasts the value {@code h} seconds ahead of the latest.
 */
public interface Forecaster {
    /** Name for reports: {@code last-value}, {@code ewma}, {@code holt-winters}, {@code kos}. */
    String name();

    void observe(double value);

    /** The forecast of the value {@code h >= 1} samples after the latest observed one. */
    double forecast(int h);

    /** Last value: tomorrow is like today (the persistence baseline). */
    final class LastValue implements Forecaster {
        private double last;

        @Override
        public String name() {
            return "last-value";
        }

        @Override
        public void observe(double value) {
            last = value;
        }

        @Override
        public double forecast(int h) {
            return last;
        }
    }

    /** Exponentially weighted moving average with smoothing {@code alpha}; flat forecast. */
    final class Ewma implements Forecaster {
        private final double alpha;
        private double level;
        private boolean started;

        public Ewma(double alpha) {
            this.alpha = alpha;
        }

        @Override
        public String name() {
            return "ewma";
        }

        @Override
        public void observe(double value) {
            level = started ? alpha * value + (1 - alpha) * level : value;
            started = true;
        }

        @Override
        public double forecast(int h) {
            return level;
        }

        public double level() {
            return level;
        }
    }
}
