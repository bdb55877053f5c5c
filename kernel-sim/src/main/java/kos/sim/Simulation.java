package kos.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The deterministic discrete-event engine every kos subsystem runs on.
 *
 * <p><b>Determinism contract.</b> Virtual time is a {@code long} count of nanoseconds from 0. Events
 * fire in (time, scheduling order) order. All randomness comes from {@link #random()} streams
 * derived from the root seed. Wall-clock time is never read here and must never be read by a
 * subsystem to make a simulated decision. Given the same seed and the same sequence of commands,
 * a run records the same {@link Trace} and so prints the same digest, on any machine and with the
 * vector or the scalar math.
 *
 * <p>A simulation runs on one thread. The only method safe to call from another thread is
 * {@link #requestStop()}, which the REPL uses for Ctrl-C.
 */
public final class Simulation {
    private static final TraceKind CRASH = TraceKind.of("sim.crash", "cause");
    private static final long STOP_CHECK_MASK = 0x3ff;

    private final long seed;
    private final RandomStreams random;
    private final EventQueue queue = new EventQueue();
    private final Trace trace;
    private final Telemetry telemetry;
    private final ProcessTable processes;
    private final WorkloadCatalog workloads;
    private final Map<Class<?>, Object> components = new LinkedHashMap<>();
    private final Map<Class<?>, java.util.List<java.util.function.Consumer<Object>>> installListeners = new LinkedHashMap<>();
    private long now;
    private long eventsProcessed;
    private volatile boolean stopRequested;
    private Crash crash;

    public Simulation(long seed) {
        this(seed, Telemetry.NONE, 4096);
    }

    public Simulation(long seed, Telemetry telemetry, int traceCapacity) {
        this.seed = seed;
        this.random = new RandomStreams(seed);
        this.trace = new Trace(traceCapacity);
        this.telemetry = telemetry;
        this.processes = new ProcessTable(this);
        this.workloads = new WorkloadCatalog(this);
    }

    /** Current virtual time in nanoseconds. */
    public long now() {
        return now;
    }

    public long seed() {
        return seed;
    }

    public RandomStreams random() {
        return random;
    }

    public Trace trace() {
        return trace;
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    public ProcessTable processes() {
        return processes;
    }

    public WorkloadCatalog workloads() {
        return workloads;
    }

    /** Events processed since the simulation was created. */
    public long eventsProcessed() {
        return eventsProcessed;
    }

    public int pendingEvents() {
        return queue.size();
    }

    /**
     * Schedules an event at an absolute virtual time, which must not lie in the past.
     *
     * @return the event's sequence number (usable as a staleness token)
     */
    public long schedule(long atNs, EventTarget target, int kind, long arg) {
        if (atNs < now) {
            throw new IllegalArgumentException("event at " + atNs + " ns is before now (" + now + " ns)");
        }
        return queue.offer(atNs, target, kind, arg);
    }

    /** Schedules an event {@code delayNs} (at least 0) from now. */
    public long scheduleAfter(long delayNs, EventTarget target, int kind, long arg) {
        return schedule(Math.addExact(now, delayNs), target, kind, arg);
    }

    /** Schedules a one-off action. Allocates; for hot paths implement {@link EventTarget}. */
    public long scheduleAfter(long delayNs, SimAction action) {
        return scheduleAfter(delayNs, (sim, kind, arg) -> action.run(sim), 0, 0);
    }

    /**
     * Runs {@code action} every {@code periodNs} of virtual time, the first time one period from now,
     * for as long as the simulation exists. Samplers and periodic daemons (kswapd, the load
     * balancer, the crash predictor) are built on this.
     */
    public void every(long periodNs, SimAction action) {
        if (periodNs <= 0) {
            throw new IllegalArgumentException("period must be positive");
        }
        EventTarget tick = new EventTarget() {
            @Override
            public void onEvent(Simulation sim, int kind, long arg) {
                action.run(sim);
                sim.scheduleAfter(periodNs, this, 0, 0);
            }
        };
        scheduleAfter(periodNs, tick, 0, 0);
    }

    /** Runs for {@code durationNs} of virtual time. */
    public RunResult runFor(long durationNs) {
        if (durationNs < 0) {
            throw new KosException("cannot run for a negative duration");
        }
        if (durationNs > Long.MAX_VALUE - now) {
            throw new KosException("cannot run for " + Quantities.formatDuration(durationNs) + " more: the virtual clock (now "
                    + Quantities.formatDuration(now) + ") would pass its limit of about 292 years");
        }
        return run(now + durationNs, null);
    }

    /** Runs until virtual time {@code endNs}. */
    public RunResult runUntil(long endNs) {
        return run(endNs, null);
    }

    /**
     * Runs until {@code condition} holds (checked after every event) or until {@code limitNs},
     * whichever comes first.
     */
    public RunResult runUntil(BooleanSupplier condition, long limitNs) {
        return run(limitNs, condition);
    }

    /**
     * Asks a running loop to return soon (within 1024 events), and every later run to return at once
     * until {@link #clearStopRequest()}. Safe from any thread.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Lets runs proceed again after {@link #requestStop()}. */
    public void clearStopRequest() {
        stopRequested = false;
    }

    /**
     * Crashes the simulated kernel: records the crash in the trace and stops the run. Every later
     * run returns {@link StopReason#CRASHED} at once; {@code sim reset} starts over.
     */
    public void crash(String subsystem, String cause, String detail) {
        if (crash != null) {
            return;
        }
        crash = new Crash(now, subsystem, cause, detail);
        trace.record(CRASH, now, RandomStreams.fnv1a64(cause), 0, 0);
    }

    public Optional<Crash> crashed() {
        return Optional.ofNullable(crash);
    }

    /**
     * Registers a subsystem (memory, scheduler, predictor) so others can find it, then tells the
     * listeners waiting for that type, in the order they registered.
     */
    public <T> void install(Class<T> type, T component) {
        if (components.putIfAbsent(type, component) != null) {
            throw new KosException(type.getSimpleName() + " is already installed; use 'sim reset' to start over");
        }
        for (java.util.function.Consumer<Object> l : installListeners.getOrDefault(type, java.util.List.of())) {
            l.accept(component);
        }
    }

    /**
     * Calls {@code listener} when a component of {@code type} is installed (at once if one already
     * is). This is how the shell attaches, say, the crash predictor to whatever memory a script
     * creates.
     */
    @SuppressWarnings("unchecked")
    public <T> void onInstall(Class<T> type, java.util.function.Consumer<? super T> listener) {
        installListeners.computeIfAbsent(type, t -> new java.util.ArrayList<>()).add(o -> listener.accept((T) o));
        find(type).ifPresent(listener);
    }

    /** The installed component of this type, if any. */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(components.get(type)));
    }

    /** The installed component of this type, or a {@link KosException} naming what to do first. */
    public <T> T require(Class<T> type, String howToInstall) {
        return find(type).orElseThrow(() -> new KosException(howToInstall));
    }

    private RunResult run(long endNs, BooleanSupplier condition) {
        if (endNs < now) {
            throw new KosException("cannot run back in time: now is " + Quantities.formatDuration(now));
        }
        long start = now, before = eventsProcessed;
        StopReason reason = StopReason.TIME_REACHED;
        if (crash != null) {
            return new RunResult(StopReason.CRASHED, start, now, 0);
        }
        if (stopRequested) {
            return new RunResult(StopReason.STOP_REQUESTED, start, now, 0);
        }
        while (!queue.isEmpty() && queue.peekTime() <= endNs) {
            now = queue.peekTime();
            EventTarget target = queue.peekTarget();
            int kind = queue.peekKind();
            long arg = queue.peekArg();
            queue.removeFirst();
            eventsProcessed++;
            target.onEvent(this, kind, arg);
            if (crash != null) {
                reason = StopReason.CRASHED;
                break;
            }
            if (condition != null && condition.getAsBoolean()) {
                reason = StopReason.CONDITION_MET;
                break;
            }
            if ((eventsProcessed & STOP_CHECK_MASK) == 0 && stopRequested) {
                reason = StopReason.STOP_REQUESTED;
                break;
            }
        }
        if (reason == StopReason.TIME_REACHED) {
            now = endNs;
        }
        return new RunResult(reason, start, now, eventsProcessed - before);
    }
}
