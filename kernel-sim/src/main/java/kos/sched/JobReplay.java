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
import java.util.TreeSet;

/**
 * Replays a job list on one CPU with zero switch cost, the setting of the OSTEP chapter 7-8
 * examples: each job is a single CPU burst that arrives, runs and exits. Times are abstract units
 * (one unit is simulated as one millisecond); results are reported in units.
 *
 * <p>response = first run - arrival; turnaround = completion - arrival; wait = turnaround - length.
 */
public final class JobReplay {
    private static final long UNIT = Quantities.NS_PER_MS;
    /** Policy parameters that are times: a bare number is a count of units. */
    private static final java.util.Set<String> TIME_KEYS = java.util.Set.of("quantum", "allotment", "boost", "latency",
            "min-granularity", "wakeup-granularity", "base-slice");

    private JobReplay() {
    }

    /** A job: id, arrival and length in units (arrival at least 0, length positive). */
    public record Job(String id, double arrival, double length) {
        public Job {
            if (!(arrival >= 0) || !(length > 0)) {
                throw new KosException("job " + id + ": arrival must be >= 0 and length > 0");
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
            if (f.length != 3) {
                throw new KosException(source + ":" + (n + 1) + ": expected id,arrival,length but got '" + line + "'");
            }
            if (jobs.isEmpty() && ids.isEmpty() && !looksNumeric(f[1].trim())) {
                ids.add("#header");
                continue; // header
            }
            try {
                Job j = new Job(f[0].trim(), number(f[1].trim(), "arrival"), number(f[2].trim(), "length"));
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
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new KosException("bad " + what + " '" + s + "': expected a number of time units");
        }
    }

    /**
     * Runs the jobs under {@code policy} on one CPU with zero costs.
     *
     * @param params policy parameters; a bare number for {@code quantum}, {@code allotment} or
     *               {@code boost} is read as units. For mlfq the boost is off unless given.
     */
    public static Result run(String policy, Map<String, String> params, List<Job> jobs, PolicyRegistry registry) {
        if (jobs.isEmpty()) {
            throw new KosException("no jobs to replay");
        }
        Map<String, String> p = new LinkedHashMap<>();
        params.forEach((k, v) -> p.put(k, TIME_KEYS.contains(k) ? unitsToDuration(v) : v));
        if (policy.equals("mlfq")) {
            p.putIfAbsent("boost", "off");
        }
        Simulation sim = new Simulation(0);
        Scheduler s = new Scheduler(sim, new Scheduler.Config(1, CostModel.ZERO, 4 * Quantities.NS_PER_MS, 10 * UNIT),
                registry, policy, p);
        sim.install(Scheduler.class, s);
        List<Job> order = new ArrayList<>(jobs);
        order.sort(Comparator.comparingDouble(Job::arrival)); // stable: input order breaks ties
        for (Job j : order) {
            s.spawnAfter(Math.round(j.arrival() * UNIT), TaskSpec.job(j.id(), Math.round(j.length() * UNIT)));
        }
        sim.runUntil(s::quiescent, Long.MAX_VALUE / 2);
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
        return new Result(policy, s.policy().description(), out, r / n, ta / n, w / n);
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
