package kos.shell.stresstest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import kos.insights.eval.EvalRun;
import kos.mem.PhysicalMemory;
import kos.shell.Session;
import kos.shell.app.LiveFeed;
import kos.shell.app.ScenarioRun;
import kos.sim.KosException;
import kos.sim.Simulation;

/**
 * One stress run measured the way the original's {@code stresstest compare} reported it: memory
 * pressure (peak and average share of memory in use, and PSI "some"), OOM events, allocation
 * latency and the actions taken. Pressure is read at each of the crash monitor's samples (every
 * 100 ms of virtual time), so measuring adds no event and changes no digest.
 *
 * @param peakUsedPct     the largest share of pages in use at a sample
 * @param avgUsedPct      the mean share over the samples
 * @param peakPsiSome10   the largest PSI memory "some" avg10 at a sample (percent)
 * @param avgPsiSome      memory "some" stall time over the run's virtual time (percent): PSI's own total
 * @param oomEvents       out-of-memory events (a panic ends the run at the first)
 * @param allocP50Ns      allocation latency percentiles over every attempt, simulated ns (stall; 0 fast path)
 * @param samples         the live-feed samples of the run, for reports (empty unless asked for)
 */
record StressRun(
        long seed,
        boolean autonomy,
        boolean crashed,
        String cause,
        double peakUsedPct,
        double avgUsedPct,
        double peakPsiSome10,
        double avgPsiSome,
        long oomEvents,
        long allocP50Ns,
        long allocP99Ns,
        Map<String, Integer> actions,
        String digest,
        List<LiveFeed.Sample> samples) {

    static StressRun of(
            StresstestCommand.Stress stress,
            long seed,
            String predictor,
            boolean autonomy,
            double threshold,
            boolean keepSamples) {
        double[] acc = new double[4]; // peak used, sum used, peak psi, samples
        Session[] shadow = new Session[1];
        LiveFeed[] feed = new LiveFeed[1];
        ScenarioRun.Outcome o;
        try (BufferedReader in = new BufferedReader(new StringReader(stress.script()))) {
            o = ScenarioRun.run(
                    "stresstest",
                    "<stresstest>",
                    in,
                    ScenarioRun.Setup.of(seed, predictor, autonomy, threshold),
                    (s, m) -> {
                        shadow[0] = s;
                        feed[0] = keepSamples ? LiveFeed.of(s) : null;
                        m.onPrediction(p -> {
                            PhysicalMemory mem = s.sim().require(PhysicalMemory.class, "no memory");
                            double used = 100.0
                                    * (mem.zone().pages() - mem.zone().freePages())
                                    / mem.zone().pages();
                            acc[0] = Math.max(acc[0], used);
                            acc[1] += used;
                            acc[2] = Math.max(acc[2], mem.psiSome().percent(0));
                            acc[3]++;
                            if (feed[0] != null) {
                                feed[0].sample(s);
                            }
                        });
                    });
        } catch (IOException e) {
            throw new KosException("stresstest: " + e.getMessage());
        }
        Simulation sim = shadow[0].sim();
        PhysicalMemory mem = sim.require(PhysicalMemory.class, "no memory");
        EvalRun r = o.run();
        double avgPsi = sim.now() == 0 ? 0 : 100.0 * mem.psiSome().totalNs() / sim.now();
        return new StressRun(
                seed,
                autonomy,
                r.crashed(),
                r.crashCause(),
                acc[0],
                acc[3] == 0 ? 0 : acc[1] / acc[3],
                acc[2],
                avgPsi,
                mem.counters().oomEvents(),
                mem.allocationLatencyNs(50),
                mem.allocationLatencyNs(99),
                r.actions(),
                kos.sim.Trace.hex(o.digest()),
                feed[0] == null ? List.of() : feed[0].since(0));
    }
}
