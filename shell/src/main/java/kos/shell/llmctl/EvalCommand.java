package kos.shell.llmctl;

import kos.llm.eval.EvalCorpus;
import kos.llm.eval.EvalRunner;
import kos.shell.JsonCommand;
import kos.shell.report.CsvOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmctl eval}: the evaluation of the current backend on the shipped corpus ({@link EvalRunner}). */
@Command(
        name = "eval",
        description = {
            "Evaluate the current backend on the shipped corpus: >= 200 questions over scripted states (actionable rate,",
            "execution success, latency p50/p99; training, paraphrases and the s5, s6 and s7 held-out sets apart) and the adversarial corpus."
        })
final class EvalCommand extends JsonCommand {
    @Mixin
    CsvOption csv = new CsvOption();

    @Option(
            names = "--limit",
            defaultValue = "0",
            paramLabel = "N",
            description = "Only the first N questions of each wording group and N adversarial cases (default 0 = all).")
    int limit;

    @Option(names = "--no-adversarial", description = "Skip the adversarial corpus.")
    boolean noAdversarial;

    @Option(
            names = "--set",
            paramLabel = "SET",
            description =
                    "Only the questions of one set: training, paraphrase, fresh (s5), new (s6) or s7 (default: all).")
    String set;

    @Option(
            names = "--history",
            paramLabel = "SET",
            description = {
                "First ask the questions of this set (training, paraphrase, fresh, new or s7) and keep what ran as past",
                "incidents (question, command, exit 0 and the scenario's fix check; no labels) for retrieval; a question",
                "never retrieves itself (default: no history)."
            })
    String history;

    @Override
    public void run() {
        csv.check();
        LlmShell llm = LlmShell.of(session);
        llm.requireEnabled();
        EvalCorpus all = EvalCorpus.load();
        EvalRunner.Report r = EvalRunner.run(
                all.only(set),
                llm.backend(),
                ShellLiveSystem::new,
                new EvalRunner.Options(
                        Math.max(0, limit),
                        true,
                        !noAdversarial,
                        history == null ? null : all.only(history).questions()),
                p -> {});
        csv.write(session.json(), r);
        print(r, () -> LlmViews.eval(r));
    }
}
