package kos.shell.sched;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kos.sched.JobReplay;
import kos.sched.PolicyRegistry;
import kos.shell.CommandGroup;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sched}: textbook job replay. */
@Command(
        name = "sched",
        description = "Scheduling exercises: replay a job list on one CPU, as in the textbook.",
        subcommands = {SchedCommand.Replay.class})
public final class SchedCommand extends CommandGroup {

    @Command(
            name = "replay",
            description = {
                "Run a job list on one CPU with zero switch cost and print each job's response, turnaround",
                "and wait, and their averages, to two decimals (times in abstract units). Examples:",
                "  sched replay --policy rr --quantum 1 --list 5,5,5",
                "  sched replay --policy sjf --jobs examples/jobs/ostep-late-arrivals.csv",
                "FIFO runs in arrival then id order; SJF is stable for equal lengths; RR sends an unfinished job to the tail.",
                "Does not touch the session's simulation."
            })
    static final class Replay extends JsonCommand {
        @Option(
                names = "--policy",
                required = true,
                paramLabel = "NAME",
                description = "fifo, sjf, stcf, rr, mlfq, cfs, eevdf, srpt (or any registered policy).")
        String policy;

        @Option(
                names = "--quantum",
                paramLabel = "Q",
                description = "Time quantum for rr and mlfq, in units (default rr 1, mlfq 10).")
        String quantum;

        @Option(
                names = "--param",
                paramLabel = "KEY=VALUE",
                description = "Another policy parameter, e.g. --param levels=4 (repeatable; bare times are units).")
        Map<String, String> extra = new LinkedHashMap<>();

        @Option(
                names = "--cpus",
                defaultValue = "1",
                description = "CPUs (default 1; the ch. 7-8 examples are on one).")
        int cpus;

        @Option(
                names = "--cache",
                defaultValue = "0",
                paramLabel = "SIZE",
                description =
                        "Per-CPU cache size for OSTEP's cache-affinity model (job working sets are the CSV's 4th column); 0 = none.")
        long cache;

        @Option(
                names = "--warmup",
                defaultValue = "10",
                description = "Units a job runs on a CPU before its cache is warm (default 10).")
        double warmup;

        @Option(names = "--warm-rate", defaultValue = "2", description = "How much faster a warm job runs (default 2).")
        double warmRate;

        @Option(
                names = "--steal-interval",
                defaultValue = "30",
                description = "With --param queues=per-cpu: units between load-balancing peeks (default 30).")
        double stealInterval;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(
                    names = "--jobs",
                    paramLabel = "FILE",
                    description = "CSV lines id,arrival,length[,working set[,cpu]] (header optional).")
            String file;

            @Option(
                    names = "--list",
                    paramLabel = "L1,L2,...",
                    description = "Job lengths, all arriving at 0, named A, B, C...")
            String list;
        }

        @Override
        public void run() {
            List<JobReplay.Job> jobs = source.list != null
                    ? JobReplay.parseList(source.list)
                    : JobReplay.parseCsv(read(source.file), source.file);
            JobReplay.Result r = JobReplay.run(
                    policy,
                    params(),
                    jobs,
                    PolicyRegistry.standard(),
                    new JobReplay.Machine(cpus, cache, warmup, warmRate, stealInterval),
                    session::isInterrupted);
            print(r, () -> render(r));
        }

        /** The policy's parameters: {@code --param} pairs, then {@code --quantum} (RR's default is 1 unit). */
        private Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>(extra);
            if (quantum != null) {
                params.put("quantum", quantum);
            } else if (policy.equals("rr")) {
                params.putIfAbsent("quantum", "1");
            }
            return params;
        }

        private static String render(JobReplay.Result r) {
            TextTable t = new TextTable("job", "arrival", "length", "response", "turnaround", "wait");
            for (JobReplay.JobResult j : r.jobs()) {
                t.row(j.id(), f(j.arrival()), f(j.length()), f(j.response()), f(j.turnaround()), f(j.waiting()));
            }
            t.row("average", "", "", f(r.avgResponse()), f(r.avgTurnaround()), f(r.avgWait()));
            double end = r.jobs().stream()
                    .mapToDouble(JobReplay.JobResult::completion)
                    .max()
                    .orElse(0);
            return r.description() + " (times in units)\n" + t + "\nall jobs done at " + f(end);
        }

        private static String f(double v) {
            return String.format(java.util.Locale.ROOT, "%.2f", JobReplay.round2(v));
        }

        private static String read(String file) {
            Path p = Path.of(file);
            if (!Files.exists(p) && !p.isAbsolute() && System.getProperty("kos.home") != null) {
                Path alt = Path.of(System.getProperty("kos.home")).resolve(file);
                if (Files.exists(alt)) {
                    p = alt;
                }
            }
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new KosException("no such job file: " + file);
            } catch (IOException e) {
                throw new KosException("cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}
