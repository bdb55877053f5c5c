package kos.sched;

import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.TreeSet;

/**
 * Replays a job list with zero switch cost; on one CPU by default, the setting of the OSTEP chapter
 * 7-8 examples (or on a {@link Machine} with OSTEP's per-CPU caches): each job is a single CPU burst that arrives, runs and exits. Times are abstract units
 * (one unit is simulated as one millisecond); results are reported in units.
 *
 * <p>response = first run - arrival; turnaround = completion - arrival; wait = time runnable but not
 * running (= turnaround - length on one CPU without the cache model).
 */
public final class JobReplay {
    private static final long UNIT = Quantities.NS_PER_MS;
    /** The largest arrival or length of one job, in units: bounds the work of a replay (input validation). */
    public static final double MAX_UNITS = 1_000_000;
    /** The most jobs one replay takes. */
    public static final int MAX_JOBS = 10_000;
    /** Policy parameters that are times: a bare number is a count of units. */
    private static final java.util.Set<String> TIME_KEYS = java.util.Set.of("quantum", "allotment", "boost", "latency",
            "min-granularity", "wakeup-granularity", "base-slice");

    private JobReplay() {
    }

    /**
     * A job: id, arrival and length in units (arrival at least 0, length positive), and for the
     * multi-CPU cache examples a working set (in the same units as {@link Machine#cacheSize}) and
     * the CPU it is pinned to (-1 for any).
     */
    public record Job(String id, double arrival, double length, long workingSet, int cpu) {
        public Job {
            if (!(arrival >= 0) || !(length > 0)) {
                throw new KosException("job " + id + ": arrival must be >= 0 and length > 0");
            }
            if (arrival > MAX_UNITS || length > MAX_UNITS) {
                throw new KosException("job " + id + ": arrival and length must be at most " + (long) MAX_UNITS + " units");
            }
            if (workingSet < 0) {
                throw new KosException("job " + id + ": the working set must not be negative");
            }
        }

        public Job(String id, double arrival, double length) {
            this(id, arrival, length, 0, -1);
        }
    }

    /**
     * The machine a replay runs on: by default one CPU without caches (the ch. 7-8 setting). With
     * {@code cacheSize > 0}, OSTEP's multi-CPU cache model ({@link WarmCache}): a job is warm after
     * {@code warmup} units on a CPU that caches its working set and then runs {@code warmRate}x faster.
     * With per-CPU queues ({@code --queues per-cpu}) the load balancer runs every
     * {@code stealInterval} units and an idle CPU waits for it (OSTEP's work stealing peeks periodically).
     */
    public record Machine(int cpus, long cacheSize, double warmup, double warmRate, double stealInterval) {
        public static final Machine ONE_CPU = new Machine(1, 0, 0, 1, 30);

        public Machine {
            if (cpus < 1 || cpus > Scheduler.MAX_CPUS) {
                throw new KosException("cpus " + cpus + " is out of range: expected 1.." + Scheduler.MAX_CPUS);
            }
            if (!(stealInterval > 0)) {
                throw new KosException("the steal interval must be positive");
            }
        }
    }

    /** One job's outcome, in units. */
    public record JobResult(String id, double arrival, double length, double response, double turnaround, double waiting,
                            double completion) {
    }

    /** All jobs' outcomes (in input order) and their averages. */
    public record Result(String policy, String description, List<JobResult> jobs, double avgResponse, double avgTurnaround,
                         double avgWait) {
    }

    /** Parses {@code 10,20,30}: jobs named A, B, C... (then J27...) all arriving at 0. */
    public static List<Job> parseList(String text) {
        List<Job> jobs = new ArrayList<>();
        String[] parts = text.split(",");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.isEmpty()) {
                throw new KosException("empty job length in list '" + text + "'");
            }
            if (jobs.size() == MAX_JOBS) {
                throw new KosException("more than " + MAX_JOBS + " jobs in the list");
            }
            jobs.add(new Job(i < 26 ? String.valueOf((char) ('A' + i)) : "J" + (i + 1), 0, number(p, "length")));
        }
        return jobs;
    }

    /**
     * Parses CSV lines {@code id,arrival,length}; a first line that does not parse as numbers is a
     * header; blank lines and lines starting with # are skipped.
     */
    public static List<Job> parseCsv(String text, String source) {
        List<Job> jobs = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>();
        String[] lines = text.split("\r?\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length < 3 || f.length > 5) {
                throw new KosException(source + ":" + (n + 1) + ": expected id,arrival,length[,working set[,cpu]] but got '" + line + "'");
            }
            if (jobs.isEmpty() && ids.isEmpty() && !looksNumeric(f[1].trim())) {
                ids.add("#header");
                continue; // header
            }
            try {
                long ws = f.length > 3 ? Math.round(number(f[3].trim(), "working set")) : 0;
                int cpu = f.length > 4 && !f[4].isBlank() && !f[4].trim().equals("any") ? (int) number(f[4].trim(), "cpu") : -1;
                Job j = new Job(f[0].trim(), number(f[1].trim(), "arrival"), number(f[2].trim(), "length"), ws, cpu);
                if (jobs.size() == MAX_JOBS) {
                    throw new KosException("more than " + MAX_JOBS + " jobs");
                }
                if (!ids.add(j.id())) {
                    throw new KosException("duplicate job id " + j.id());
                }
                jobs.add(j);
            } catch (KosException e) {
                throw new KosException(source + ":" + (n + 1) + ": " + e.getMessage());
            }
        }
        if (jobs.isEmpty()) {
            throw new KosException(source + ": no jobs");
        }
        return jobs;
    }

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(String s, String what) {
        try {
            return Quantities.parseDouble(s);
        } catch (KosException e) {
            throw new KosException("bad " + what + ": " + e.getMessage() + " (expected a number of time units)");
        }
    }

    /**
     * Runs the jobs under {@code policy} on one CPU with zero costs.
     *
     * @param params policy parameters; a bare number for {@code quantum}, {@code allotment} or
     *               {@code boost} is read as units. For mlfq the boost is off unless given.
     */
    public static Result run(String policy, Map<String, String> params, List<Job> jobs, PolicyRegistry registry) {
        return run(policy, params, jobs, registry, Machine.ONE_CPU);
    }

    /** Runs the jobs on {@code machine} with zero switch costs. */
    public static Result run(String policy, Map<String, String> params, List<Job> jobs, PolicyRegistry registry, Machine machine) {
        return run(policy, params, jobs, registry, machine, () -> false);
    }

    /** As above; stops with a KosException soon after {@code cancelled} turns true (checked after every event). */
    public static Result run(String policy, Map<String, String> params, List<Job> jobs, PolicyRegistry registry, Machine machine,
                             BooleanSupplier cancelled) {
        if (jobs.isEmpty()) {
            throw new KosException("no jobs to replay");
        }
        double total = jobs.stream().mapToDouble(Job::length).sum();
        if (total > MAX_UNITS) {
            throw new KosException("the jobs' lengths add up to " + Math.round(total) + " units; a replay takes at most "
                    + (long) MAX_UNITS);
        }
        Map<String, String> p = new LinkedHashMap<>();
        params.forEach((k, v) -> p.put(k, TIME_KEYS.contains(k) ? unitsToDuration(v) : v));
        if (policy.equals("mlfq")) {
            p.putIfAbsent("boost", "off");
        }
        Simulation sim = new Simulation(0);
        // per-CPU queues balance like OSTEP's work stealing: an idle CPU peeks every steal interval
        Scheduler s = new Scheduler(sim, new Scheduler.Config(machine.cpus(), CostModel.ZERO, Math.round(machine.stealInterval() * UNIT),
                10 * UNIT, false),
                registry, policy, p);
        sim.install(Scheduler.class, s);
        s.setFinishedTaskRetention(Integer.MAX_VALUE); // the results read every job's task
        if (machine.cacheSize() > 0) {
            s.useWarmCache(machine.cacheSize(), Math.round(machine.warmup() * UNIT), machine.warmRate());
        }
        List<Job> order = new ArrayList<>(jobs);
        order.sort(Comparator.comparingDouble(Job::arrival)); // stable: input order breaks ties
        for (Job j : order) {
            if (j.cpu() >= machine.cpus()) {
                throw new KosException("job " + j.id() + " is pinned to cpu " + j.cpu() + " but the machine has " + machine.cpus());
            }
            s.spawnAfter(Math.round(j.arrival() * UNIT), TaskSpec.job(j.id(), Math.round(j.length() * UNIT))
                    .withWorkingSet(j.workingSet()).withCpu(j.cpu()));
        }
        sim.runUntil(() -> s.quiescent() || cancelled.getAsBoolean(), Long.MAX_VALUE / 2);
        if (!s.quiescent() && cancelled.getAsBoolean()) {
            throw new KosException("interrupted");
        }
        Map<String, Task> byName = new LinkedHashMap<>();
        for (Task t : s.tasks()) {
            byName.put(t.name(), t);
        }
        List<JobResult> out = new ArrayList<>();
        double r = 0, ta = 0, w = 0;
        for (Job j : jobs) {
            Task t = byName.get(j.id());
            if (t == null || t.endNs() < 0) {
                throw new IllegalStateException("job " + j.id() + " did not finish");
            }
            double arrival = t.arrivalNs() / (double) UNIT;
            double resp = (t.firstRunNs() - t.arrivalNs()) / (double) UNIT;
            double turn = (t.endNs() - t.arrivalNs()) / (double) UNIT;
            double wait = t.totalWaitNs() / (double) UNIT;
            out.add(new JobResult(j.id(), arrival, j.length(), resp, turn, wait, t.endNs() / (double) UNIT));
            r += resp;
            ta += turn;
            w += wait;
        }
        int n = jobs.size();
        String desc = s.policy().description() + (machine.cpus() > 1 ? ", " + machine.cpus() + " CPUs" : "")
                + (machine.cacheSize() > 0 ? ", " + machine.cacheSize() + "-unit caches, warm after " + machine.warmup()
                + " units, " + machine.warmRate() + "x when warm" : "");
        return new Result(policy, desc, out, r / n, ta / n, w / n);
    }

    /** Rounds to two decimals, half up, for printing and comparing with the textbook. */
    public static double round2(double v) {
        return new BigDecimal(Double.toString(v)).setScale(2, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    private static String unitsToDuration(String v) {
        String t = v.trim();
        if (!t.isEmpty() && t.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.')) {
            return t + "ms";
        }
        return t;
    }
}
