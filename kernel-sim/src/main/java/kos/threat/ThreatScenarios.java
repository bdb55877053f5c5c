package kos.threat;

import java.util.List;
import java.util.SplittableRandom;
import kos.sim.KosException;
import kos.sim.RandomStreams;

/**
 * The threat scenarios: the same benign background on every run (two victim workers whose job
 * turnaround is measured, two interactive tasks, a media player, a parallel build, a driver, a
 * cache, a backup stream) plus, from a time drawn per seed in 1.0..1.5 s, one attack. Every
 * parameter is drawn per seed. {@link #TRAINING} scenarios are the ones models are fitted on;
 * {@link #VARIANTS} are attack variants never trained on.
 */
public final class ThreatScenarios {
    public static final List<String> TRAINING = List.of("benign", "forkbomb", "cheat", "fragment", "thrash", "runaway");
    /** Variants never used for training: a slower fork bomb, a cheater sleeping earlier, a slower runaway, a thrasher that pauses. */
    public static final List<String> VARIANTS =
            List.of("forkbomb-slow", "cheat-early", "runaway-slow", "thrash-pausing");
    /**
     * Variants written after the invariant features were chosen (on {@link #VARIANTS}, which were looked at
     * while choosing them) and run only for the final evaluation: a fork bomb slower still, a cheater
     * taking half of every tick, a slow fragmenter (the first fragmentation variant), a runaway slower
     * than the benign cache fills, a thrasher with short runs and pauses over a smaller working set.
     */
    public static final List<String> NEW_VARIANTS =
            List.of("forkbomb-crawl", "cheat-half", "fragment-slow", "runaway-crawl", "thrash-duty");
    /**
     * Variants written in session 7 before the model was changed, never looked at while changing it and run
     * only for the final evaluation: a cheater whose sleep slot is drawn anew every tick (3..7 of 8), a
     * cheater taking three slots of eight (less CPU than any cheater trained on or evaluated before), and a
     * runaway that allocates in bursts with pauses between them, so its memory does not grow at every
     * observation.
     */
    public static final List<String> UNSEEN_VARIANTS = List.of("cheat-jitter", "cheat-third", "runaway-bursty");
    /**
     * Variants written in session 8 before any change of that session, never run while changing the
     * features or the responder, run only for the final evaluation: slower or disguised versions of every
     * attack class. A fork bomb whose copies run under random program names (no same-named lineage), a
     * cheater active in on/off phases (~300 ms each), two cooperating cheaters taking alternate ticks (each
     * about a third of a CPU), a fragmenter grabbing 48 pages per slot, a runaway cache that evicts one
     * object in every 6-10 inserts (it frees pages, yet grows), and a thrasher in 5 ms runs with 3 ms
     * pauses at half the training thrasher's rate.
     */
    public static final List<String> S8_VARIANTS =
            List.of("forkbomb-exec", "cheat-burst", "cheat-pair", "fragment-drip", "runaway-leaky", "thrash-gentle");
    /**
     * Variants written in session 9 and committed before any change of that session (features, training
     * set, model), run only for the final evaluation: a fork bomb whose copies nap between short runs
     * under two program names, three cooperating cheaters taking every third tick each, a fragmenter that
     * keeps two pages in every pageblock, a runaway that purges a third of its objects every ~250 ms yet
     * grows, a thrasher in 2 ms runs with 2 ms pauses, and two thrashers sharing the job, each at a third
     * of the training thrasher's rate in 4 ms runs with 2 ms pauses.
     */
    public static final List<String> S9_VARIANTS =
            List.of("forkbomb-nap", "cheat-trio", "fragment-pair", "runaway-sawtooth", "thrash-sleepy", "thrash-pair");

    public static final long RUN_NS = 6_000_000_000L;
    public static final int VICTIMS = 2;
    public static final long VICTIM_PERIOD_NS = 250_000_000L;

    /** When worker {@code w}'s first job arrives; job k arrives {@code k * VICTIM_PERIOD_NS} later. */
    public static long victimFirstNs(int w) {
        return 100_000_000L + w * 50_000_000L;
    }

    private ThreatScenarios() {}

    /** A built run, not yet started: the machine and when its attack starts (-1 for none). */
    public record Run(String scenario, long seed, ThreatMachine machine, long attackNs) {}

    public static List<String> all() {
        return java.util.stream.Stream.of(TRAINING, VARIANTS, NEW_VARIANTS, UNSEEN_VARIANTS, S8_VARIANTS, S9_VARIANTS)
                .flatMap(List::stream)
                .toList();
    }

    public static void check(String scenario) {
        if (!all().contains(scenario)) {
            throw new KosException(
                    "unknown threat scenario '" + scenario + "': expected one of " + String.join(", ", all()));
        }
    }

    /**
     * Builds {@code scenario} on {@code seed}; with {@code attack} false, the same run without its
     * attack (the attack-free reference for turnaround).
     */
    public static Run build(String scenario, long seed, boolean attack) {
        check(scenario);
        SplittableRandom r = new RandomStreams(seed).stream("threat.scenario");
        ThreatMachine m = new ThreatMachine(seed);
        double work = 40 + 30 * r.nextDouble();
        for (int w = 0; w < VICTIMS; w++) {
            m.start(
                    "victim" + w,
                    new Behaviours.Victim(w, work, VICTIM_PERIOD_NS / 1e6, victimFirstNs(w)),
                    false,
                    false);
        }
        m.start("editor", new Behaviours.Interactive(20 + 30 * r.nextDouble(), 1 + r.nextDouble()), false, false);
        m.start("shell", new Behaviours.Interactive(50 + 100 * r.nextDouble(), 0.5 + r.nextDouble()), false, false);
        m.start("media", new Behaviours.Media(0.3 + 0.5 * r.nextDouble()), false, false);
        m.start("driver", new Behaviours.Driver(200 + r.nextInt(200)), false, true);
        m.start("memcache", new Behaviours.Cache(20 + 20 * r.nextDouble(), 4000 + r.nextInt(4000)), false, false);
        m.start(
                "backup",
                new Behaviours.Streamer(256, 2 + 2 * r.nextDouble(), 4 + 4 * r.nextDouble(), 16 + 16 * r.nextDouble()),
                false,
                false);
        long attackNs = 1_000_000_000L + (long) (500_000_000L * r.nextDouble());
        double p = r.nextDouble();
        // Session 9: the training thrasher's and runaway's shapes, drawn from their own stream (so every other
        // draw of the scenario is as before): half the seeds a thrasher that pauses (runs of 3-10 ms, pauses of
        // 1-4 ms), half the seeds a runaway that evicts one object in every 3-12 inserts and still grows.
        SplittableRandom shape = new RandomStreams(seed).stream("threat.scenario.shape");
        boolean shaped = shape.nextDouble() < 0.5;
        double duty = 3 + 7 * shape.nextDouble(), pause = 1 + 3 * shape.nextDouble();
        int evictEvery = 3 + shape.nextInt(10);
        Behaviour hostile = switch (scenario) {
            case "benign" -> null;
            case "forkbomb" -> new Behaviours.ForkBomb(5 + 10 * p);
            case "forkbomb-slow" -> new Behaviours.ForkBomb(60 + 60 * p);
            case "forkbomb-crawl" -> new Behaviours.ForkBomb(150 + 100 * p);
            case "cheat" -> new Behaviours.Cheater(ThreatMachine.SLOTS_PER_TICK - 1, 0.4 + 0.6 * p);
            case "cheat-early" -> new Behaviours.Cheater(ThreatMachine.SLOTS_PER_TICK - 3, 1);
            case "cheat-half" -> new Behaviours.Cheater(ThreatMachine.SLOTS_PER_TICK / 2, 1);
            case "cheat-jitter" -> new Behaviours.JitterCheater(3, ThreatMachine.SLOTS_PER_TICK - 1);
            case "cheat-third" -> new Behaviours.Cheater(3, 1);
            case "fragment" -> new Behaviours.Fragmenter(4096, 150 + 100 * p);
            case "fragment-slow" -> new Behaviours.Fragmenter(256, 300 + 200 * p);
            case "thrash" -> new Behaviours.Streamer(512, 8 + 12 * p, shaped ? duty : 0, shaped ? pause : 0);
            case "thrash-pausing" -> new Behaviours.Streamer(512, 10 + 6 * p, 6, 2);
            case "thrash-duty" -> new Behaviours.Streamer(384, 8 + 4 * p, 3, 1);
            case "runaway" ->
                shaped ? new Behaviours.LeakyRunaway(60 + 40 * p, evictEvery) : new Behaviours.Runaway(60 + 40 * p);
            case "runaway-slow" -> new Behaviours.Runaway(15 + 10 * p);
            case "runaway-crawl" -> new Behaviours.Runaway(8 + 4 * p);
            case "runaway-bursty" -> new Behaviours.BurstyRunaway(30 + 20 * p, 40 + 20 * p, 120 + 80 * p);
            case "forkbomb-exec" ->
                new Behaviours.RenamingForkBomb(30 + 30 * p, List.of("sh", "python3", "node", "perl", "awk", "sed"));
            case "cheat-burst" -> new Behaviours.BurstCheater(5, 300, 300);
            case "cheat-pair" -> new Behaviours.PairCheater(5);
            case "fragment-drip" -> new Behaviours.Fragmenter(48, 200 + 200 * p);
            case "runaway-leaky" -> new Behaviours.LeakyRunaway(25 + 20 * p, 6 + (int) (5 * p));
            case "thrash-gentle" -> new Behaviours.Streamer(320, 6 + 3 * p, 5, 3);
            case "forkbomb-nap" -> new Behaviours.NappingForkBomb(20 + 20 * p, 4, 8, List.of("bash", "sh"));
            case "cheat-trio" -> new Behaviours.TeamCheater(3, ThreatMachine.SLOTS_PER_TICK - 2);
            case "fragment-pair" -> new Behaviours.PairFragmenter(128, 250 + 150 * p);
            case "runaway-sawtooth" -> new Behaviours.SawtoothRunaway(30 + 20 * p, 250, 3);
            case "thrash-sleepy" -> new Behaviours.Streamer(448, 10 + 4 * p, 2, 2);
            case "thrash-pair" -> new Behaviours.Team(2, new Behaviours.Streamer(256, 5 + 2 * p, 4, 2));
            default -> throw new KosException("unknown threat scenario '" + scenario + "'");
        };
        String name = scenario.equals("forkbomb-exec")
                ? "python3"
                : scenario.equals("forkbomb-nap")
                        ? "bash"
                        : scenario.startsWith("runaway")
                                ? "objcache"
                                : scenario.startsWith("thrash")
                                        ? "indexer"
                                        : scenario.startsWith("forkbomb")
                                                ? "bomb"
                                                : scenario.startsWith("cheat") ? "worker" : "pinner";
        m.startAt(300_000_000L, "make", new Behaviours.Make(2, 60 + r.nextInt(60)), false);
        if (hostile != null && attack) {
            m.startAt(attackNs, name, hostile, true);
        }
        return new Run(scenario, seed, m, hostile == null ? -1 : attackNs);
    }
}
