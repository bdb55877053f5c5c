package kos.device;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import kos.sim.KosException;
import kos.sim.RandomStreams;

/**
 * A storage machine, advanced one simulated minute at a time for a day: {@link #DEVICES} devices in
 * enclosures of {@link #PER_ENCLOSURE}, {@link #FAILING} of them (15%) drawn per seed to fail at a
 * minute in [6 h, 24 h) after a degradation of their {@link FailureMode} (the modes dealt in turn),
 * and 2-4 I/O tasks per device. A task makes one minute of work per minute while its device answers
 * (less while its I/Os are slow) and checkpoints every {@link #CHECKPOINT_MIN} minutes; when its
 * device fails its I/O turns into errors, the work since its checkpoint is lost and it restarts
 * elsewhere after {@link #RESTART_MIN} minutes. {@link #migrate} is the predictor's action: the
 * device's tasks checkpoint and move to the least loaded healthy device ({@link #MIGRATE_MIN}
 * minutes of copying, nothing lost) and the device is retired.
 *
 * <p>Benign look-alikes of the failure signals, drawn per seed: grown defects that stop growing,
 * a daily scrub per device, an HVAC fault warming two enclosures by 6-10 C for 30-90 minutes, a bus
 * reset in one enclosure, the diurnal load.
 */
public final class DeviceMachine {
    public static final int DEVICES = 40, PER_ENCLOSURE = 8, FAILING = 6;
    public static final int RUN_MIN = 24 * 60;
    public static final int CHECKPOINT_MIN = 30, RESTART_MIN = 10, MIGRATE_MIN = 4;
    public static final int FIRST_FAILURE_MIN = 6 * 60;

    /** An I/O task: its work in minutes, what its last checkpoint saved, what it lost to failures. */
    public static final class IoTask {
        final int id;
        int device;
        double work, saved, lost;
        int lastCheckpointMin, busyUntilMin, restarts, migrations, stalledMin;

        IoTask(int id, int device) {
            this.id = id;
            this.device = device;
        }

        public int id() {
            return id;
        }

        public int device() {
            return device;
        }

        /** Minutes of work done, including what a checkpoint has not saved yet. */
        public double work() {
            return work;
        }

        /** Minutes of work lost when a device failed under it. */
        public double lost() {
            return lost;
        }

        public int restarts() {
            return restarts;
        }

        public int migrations() {
            return migrations;
        }

        /** Minutes spent restarting after an I/O error or being copied by a migration. */
        public int stalledMin() {
            return stalledMin;
        }
    }

    private final long seed;
    private final List<Device> devices = new ArrayList<>();
    private final List<IoTask> tasks = new ArrayList<>();
    private final double[] demandPerTask;
    private final double diurnalPhase;
    private final int hvacMin, hvacDur, busEnclosure, busMin;
    private final double hvacC;
    private final boolean[] hvacEnclosure = new boolean[DEVICES / PER_ENCLOSURE];
    private int minute;

    public DeviceMachine(long seed) {
        this.seed = seed;
        RandomStreams rs = new RandomStreams(seed);
        SplittableRandom fleet = rs.stream("device.fleet");
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            ids.add(i);
        }
        Collections.shuffle(ids, new Random(fleet.nextLong()));
        FailureMode[] modes = new FailureMode[DEVICES];
        int[] fail = new int[DEVICES];
        Arrays.fill(modes, FailureMode.NONE);
        int modeStart = fleet.nextInt(FailureMode.FAILING.size());
        for (int k = 0; k < FAILING; k++) {
            int d = ids.get(k);
            modes[d] = FailureMode.FAILING.get((modeStart + k) % FailureMode.FAILING.size());
            fail[d] = FIRST_FAILURE_MIN + fleet.nextInt(RUN_MIN - FIRST_FAILURE_MIN);
        }
        diurnalPhase = 2 * Math.PI * fleet.nextDouble();
        hvacMin = 60 + fleet.nextInt(RUN_MIN - 180);
        hvacDur = 30 + fleet.nextInt(61);
        hvacC = 6 + 4 * fleet.nextDouble();
        int a = fleet.nextInt(hvacEnclosure.length),
                b = (a + 1 + fleet.nextInt(hvacEnclosure.length - 1)) % hvacEnclosure.length;
        hvacEnclosure[a] = true;
        hvacEnclosure[b] = true;
        busEnclosure = fleet.nextInt(hvacEnclosure.length);
        busMin = fleet.nextInt(RUN_MIN);
        demandPerTask = new double[DEVICES];
        for (int i = 0; i < DEVICES; i++) {
            devices.add(new Device(i, rs.stream("device." + i), modes[i], fail[i], RUN_MIN));
            demandPerTask[i] = 0.12 + 0.12 * fleet.nextDouble();
            int n = 2 + fleet.nextInt(3);
            for (int k = 0; k < n; k++) {
                tasks.add(new IoTask(tasks.size(), i));
            }
        }
    }

    public long seed() {
        return seed;
    }

    /** Minutes simulated so far. */
    public int minute() {
        return minute;
    }

    public List<Device> devices() {
        return Collections.unmodifiableList(devices);
    }

    public Device device(int id) {
        if (id < 0 || id >= DEVICES) {
            throw new KosException("no device " + id + ": devices are 0.." + (DEVICES - 1));
        }
        return devices.get(id);
    }

    public List<IoTask> tasks() {
        return Collections.unmodifiableList(tasks);
    }

    public int tasksOn(int device) {
        int n = 0;
        for (IoTask t : tasks) {
            n += t.device == device ? 1 : 0;
        }
        return n;
    }

    /** Air temperature around enclosure {@code e} at minute {@code m}: a daily swing, plus the HVAC fault. */
    double ambientC(int e, int m) {
        double c = 1.5 * StrictMath.sin(2 * Math.PI * m / RUN_MIN + diurnalPhase);
        if (hvacEnclosure[e] && m >= hvacMin && m < hvacMin + hvacDur) {
            c += hvacC * Math.min(1, (m - hvacMin) / 10.0);
        }
        return c;
    }

    /** Advances one minute: the devices, then the tasks on them. */
    public void step() {
        if (minute >= RUN_MIN) {
            throw new KosException("the storage machine's day is over (" + RUN_MIN + " minutes)");
        }
        double diurnal = 1 + 0.35 * StrictMath.sin(2 * Math.PI * minute / RUN_MIN + diurnalPhase + 1);
        for (Device d : devices) {
            double demand = 0.05 + tasksOn(d.id()) * demandPerTask[d.id()] * diurnal;
            int bus = d.enclosure() == busEnclosure && minute == busMin ? 2 + (d.id() % 5) : 0;
            d.step(minute, demand, ambientC(d.enclosure(), minute), bus);
        }
        for (IoTask t : tasks) {
            Device d = devices.get(t.device);
            if (minute < t.busyUntilMin) {
                t.stalledMin++;
                continue;
            }
            if (d.failed()) {
                t.lost += t.work - t.saved;
                t.work = t.saved;
                t.restarts++;
                t.device = target(t.device);
                t.busyUntilMin = minute + RESTART_MIN;
                t.stalledMin++;
                continue;
            }
            t.work += 1 / (1 + d.outliersNow() / 10.0);
            if (minute - t.lastCheckpointMin >= CHECKPOINT_MIN) {
                t.saved = t.work;
                t.lastCheckpointMin = minute;
            }
        }
        minute++;
    }

    /** Runs to the end of the day. */
    public void runToEnd() {
        while (minute < RUN_MIN) {
            step();
        }
    }

    /**
     * Drains {@code device}: its tasks checkpoint and move to the least loaded healthy device, the
     * device is retired. Returns the tasks moved (0 when it has failed already or was retired).
     */
    public int migrate(int device) {
        Device d = device(device);
        if (d.failed() || d.retired()) {
            return 0;
        }
        d.retire();
        int n = 0;
        for (IoTask t : tasks) {
            if (t.device != device) {
                continue;
            }
            t.saved = t.work;
            t.lastCheckpointMin = minute;
            t.device = target(device);
            t.busyUntilMin = Math.max(t.busyUntilMin, minute + MIGRATE_MIN);
            t.migrations++;
            n++;
        }
        return n;
    }

    /** The healthy, non-retired device with the fewest tasks (lowest id on ties), other than {@code from}. */
    private int target(int from) {
        int best = -1, bestN = Integer.MAX_VALUE;
        for (Device d : devices) {
            if (d.id() == from || d.failed() || d.retired()) {
                continue;
            }
            int n = tasksOn(d.id());
            if (n < bestN) {
                best = d.id();
                bestN = n;
            }
        }
        if (best < 0) {
            throw new KosException("no healthy device left to move tasks to");
        }
        return best;
    }

    /** Minutes of task work lost to failures so far. */
    public double workLost() {
        double s = 0;
        for (IoTask t : tasks) {
            s += t.lost;
        }
        return s;
    }

    /** Minutes tasks spent restarting or being migrated. */
    public int stalledMin() {
        int s = 0;
        for (IoTask t : tasks) {
            s += t.stalledMin;
        }
        return s;
    }

    /** Tasks that lost work to a failure. */
    public int tasksThatLostWork() {
        int n = 0;
        for (IoTask t : tasks) {
            n += t.lost > 0 ? 1 : 0;
        }
        return n;
    }
}
