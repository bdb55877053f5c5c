package kos.shell.app;

import java.util.function.BooleanSupplier;

/**
 * Carries a caller's Ctrl-C into a private session: a virtual thread polls {@code cancelled} every
 * 50 ms of wall time and calls {@code interrupt} once it is true. The watcher only reads a flag and
 * sets one, so nothing is scheduled in the simulation and the run stays deterministic.
 */
final class CancelWatcher implements AutoCloseable {
    private static final long POLL_MS = 50;

    private final Thread thread;

    private CancelWatcher(Thread thread) {
        this.thread = thread;
    }

    /** Starts watching; with {@code cancelled == null} nothing is started and {@link #close()} does nothing. */
    static CancelWatcher start(BooleanSupplier cancelled, Runnable interrupt) {
        if (cancelled == null) {
            return new CancelWatcher(null);
        }
        return new CancelWatcher(Thread.ofVirtual().start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    if (cancelled.getAsBoolean()) {
                        interrupt.run();
                    }
                    Thread.sleep(POLL_MS);
                }
            } catch (InterruptedException done) {
                // the run ended
            }
        }));
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
