package kos.llm.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kos.llm.backend.Playbook.Intent;
import kos.llm.state.StateSnapshot;
import kos.llm.state.StateSnapshot.Action;

/**
 * The default backend: a real small language model in the JVM, all-MiniLM-L6-v2 ({@link SentenceEncoder}),
 * used as an intent classifier over the {@link Playbook}, then slot filling from the snapshot.
 *
 * <p>Per question: the request-kind head ({@link KindHead}) says whether the question asks for
 * status, an explanation or an action. The question's embedding is compared with every example of
 * every intent (embedded once, at load); an intent scores its best example's cosine similarity,
 * plus the calibration's situation weight x strength when it fits a {@link Situation} the snapshot shows,
 * plus the calibration's kind weight x the head's probability of the intent's kind (act for the
 * intents that change something, status or explain for the inspections). The best score wins
 * (scores rounded to 4 decimals, ties to the earlier intent), unless its similarity is under
 * {@value #MIN_SIMILARITY}, or its calibrated confidence ({@link Calibration}) is under the fitted
 * threshold: then the answer is marked low-confidence and auto mode runs none of it. The {@code fix} intent stands for the
 * fix of the strongest situation; an explain request answered by an inspection also says what the
 * snapshot shows. Slots ({@link Slots}) come from the snapshot; a template whose slot the snapshot
 * cannot fill proposes nothing.
 *
 * <p>Retrieval (seed 003's Self-RAG, "retrieve only when unsure"): when the two best intents are
 * within {@value #RETRIEVE_MARGIN} of each other, past incidents (the autonomy loop's and llmctl's
 * recent actions) are embedded the same way, and each one at least {@value #RAG_MIN} similar to the
 * question adds {@value #RAG_WEIGHT} x similarity to the intent that took that action.
 */
public final class EmbeddedBackend implements Backend {
    public static final double MIN_SIMILARITY = 0.30;
    public static final double RETRIEVE_MARGIN = 0.03;
    public static final double RAG_MIN = 0.35;
    public static final double RAG_WEIGHT = 0.05;
    /** The longest question embedded, in characters (MiniLM reads 256 tokens at most anyway). */
    public static final int MAX_QUESTION = 512;

    private final SentenceEncoder encoder;
    private final Playbook playbook;
    private final float[][][] examples;
    private final KindHead head;
    private final boolean retrieval;
    private final Calibration calibration;

    public EmbeddedBackend(SentenceEncoder encoder, Playbook playbook, boolean retrieval, Calibration calibration) {
        this.encoder = encoder;
        this.playbook = playbook;
        this.retrieval = retrieval;
        this.calibration = calibration;
        this.examples = new float[playbook.intents().size()][][];
        for (int i = 0; i < examples.length; i++) {
            List<String> ex = playbook.intents().get(i).examples();
            examples[i] = new float[ex.size()][];
            for (int j = 0; j < ex.size(); j++) {
                examples[i][j] = encoder.embed(ex.get(j).toLowerCase(Locale.ROOT));
            }
        }
        this.head = KindHead.train(KindHead.examples(playbook, encoder::embed));
    }

    private EmbeddedBackend(EmbeddedBackend b, boolean retrieval, Calibration calibration) {
        this.encoder = b.encoder;
        this.playbook = b.playbook;
        this.examples = b.examples;
        this.head = b.head;
        this.retrieval = retrieval;
        this.calibration = calibration;
    }

    /** The shared encoder, the shipped playbook and calibration, with retrieval on. */
    public static EmbeddedBackend standard() {
        return new EmbeddedBackend(SentenceEncoder.shared(), Playbook.load(), true, Calibration.load());
    }

    public EmbeddedBackend withRetrieval(boolean on) {
        return on == retrieval ? this : new EmbeddedBackend(this, on, calibration);
    }

    public EmbeddedBackend withCalibration(Calibration c) {
        return new EmbeddedBackend(this, retrieval, c);
    }

    public Calibration calibration() {
        return calibration;
    }

    public boolean retrieval() {
        return retrieval;
    }

    public KindHead head() {
        return head;
    }

    public Playbook playbook() {
        return playbook;
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public String describe() {
        return "embedded all-MiniLM-L6-v2 (quantized ONNX, in-JVM), "
                + playbook.intents().size() + " playbook intents, request-kind head, "
                + (calibration.threshold() > 0
                        ? String.format(Locale.ROOT, "abstains below confidence %.2f", calibration.threshold())
                        : "never abstains")
                + ", retrieval " + (retrieval ? "on" : "off");
    }

    @Override
    public Reply ask(String question, StateSnapshot snapshot, String prompt) {
        String q = question.length() > MAX_QUESTION ? question.substring(0, MAX_QUESTION) : question;
        float[] qv = encoder.embedUncached(q.toLowerCase(Locale.ROOT).strip());
        List<Situation.Seen> seen = Situation.detect(snapshot);
        double[] pk = head.classify(qv);
        RequestKind kind = RequestKind.values()[KindHead.argmax(pk)];
        int n = examples.length;
        double[] sim = new double[n], score = new double[n];
        for (int i = 0; i < n; i++) {
            double best = -1;
            for (float[] e : examples[i]) {
                best = Math.max(best, SentenceEncoder.similarity(qv, e));
            }
            Intent in = playbook.intents().get(i);
            sim[i] = best;
            score[i] = best
                    + calibration.situationWeight() * situationFit(in, seen)
                    + calibration.kindWeight() * kindFit(in, pk);
        }
        List<String> retrieved = new ArrayList<>();
        if (retrieval && margin(score) < RETRIEVE_MARGIN) {
            retrieve(qv, snapshot.recentActions(), score, retrieved);
        }
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (round(score[i]) > round(score[best])) {
                best = i;
            }
        }
        Intent intent = playbook.intents().get(best);
        double margin = margin(score);
        double pKind = round(pk[kind.ordinal()]);
        double confidence = round(calibration.confidence(round(sim[best]), margin, pKind));
        boolean abstain = calibration.abstains(confidence);
        Backend.Signals signals =
                new Backend.Signals(kind.label(), pKind, round(sim[best]), margin, confidence, abstain);
        if (sim[best] < MIN_SIMILARITY) {
            return new Reply(
                    String.format(
                            Locale.ROOT,
                            "No playbook intent matches this question (best: %s at similarity %.2f); "
                                    + "no command proposed.",
                            intent.id(),
                            sim[best]),
                    "",
                    sim[best],
                    retrieved,
                    signals);
        }
        Slots slots = Slots.of(snapshot, seen);
        Situation top = seen.getFirst().situation();
        String title = String.format(
                Locale.ROOT,
                "Intent: %s (similarity %.2f; %s request, confidence %.2f; situation %s)",
                intent.id(),
                sim[best],
                kind.label(),
                confidence,
                top.label());
        Intent act = intent;
        String lead = "";
        if (abstain) {
            title += String.format(
                    Locale.ROOT,
                    "\nLow confidence (%.2f < %.2f, fitted on the training questions): check before running;"
                            + " auto mode will not run it.",
                    confidence,
                    calibration.threshold());
        }
        if (intent.template().equals("{fix}")) {
            act = playbook.intent(top.fixIntent());
            lead = "The snapshot shows " + top.label().replace('_', ' ') + "; the fix is " + act.id() + ". ";
        } else if (kind == RequestKind.EXPLAIN && intent.requestKind() != RequestKind.ACT) {
            lead = explanation(top, slots);
        }
        String command = slots.fill(act.template());
        String say = slots.fill(act.say());
        if (command == null) {
            return new Reply(
                    title + "\n" + lead + "Cannot act: the snapshot has no "
                            + String.join(", ", slots.missing(act.template())) + " (nothing matches " + act.id()
                            + " now); no command proposed.",
                    intent.id(),
                    sim[best],
                    retrieved,
                    signals);
        }
        return new Reply(
                title + "\n" + lead + (say == null ? "" : say) + "\nRun: " + command,
                intent.id(),
                sim[best],
                retrieved,
                signals);
    }

    /** How well an intent's kind fits the question: the head's probability of act, or of status or explain. */
    private static double kindFit(Intent in, double[] pk) {
        return in.requestKind() == RequestKind.ACT
                ? pk[RequestKind.ACT.ordinal()]
                : pk[RequestKind.STATUS.ordinal()] + pk[RequestKind.EXPLAIN.ordinal()];
    }

    /** What the snapshot shows, for an explain request: the strongest situation in its fix's words. */
    private String explanation(Situation top, Slots slots) {
        if (top == Situation.IDLE) {
            return "The snapshot shows no problem: no leak, fragmentation, cache pressure, CPU imbalance or deadline misses. ";
        }
        String why = slots.fill(playbook.intent(top.fixIntent()).say());
        return "The snapshot shows " + top.label().replace('_', ' ') + (why == null ? "" : ": " + why) + " ";
    }

    private static double situationFit(Intent intent, List<Situation.Seen> seen) {
        double b = 0;
        for (Situation.Seen s : seen) {
            if (intent.situations().contains(s.situation().label())) {
                b = Math.max(b, s.strength());
            }
        }
        return b;
    }

    private static double margin(double[] score) {
        double a = -9, b = -9;
        for (double s : score) {
            if (s > a) {
                b = a;
                a = s;
            } else if (s > b) {
                b = s;
            }
        }
        return round(a - b);
    }

    private void retrieve(float[] qv, List<Action> incidents, double[] score, List<String> retrieved) {
        for (Action a : incidents) {
            int target = intentOf(a);
            if (target < 0) {
                continue;
            }
            String text = a.action() + ": " + a.reason() + (a.detail().isEmpty() ? "" : " -> " + a.detail());
            double s = SentenceEncoder.similarity(qv, encoder.embed(text.toLowerCase(Locale.ROOT)));
            if (s >= RAG_MIN) {
                score[target] += RAG_WEIGHT * s;
                retrieved.add(String.format(
                        Locale.ROOT,
                        "%s (similarity %.2f) -> %s",
                        a.source() + " " + a.action(),
                        s,
                        playbook.intents().get(target).id()));
            }
        }
    }

    /** The intent whose action an incident took: the autonomy loop's kinds, or the class of an llmctl command. */
    private int intentOf(Action a) {
        String id = switch (a.action()) {
            case "compact" -> "compact";
            case "reclaim" -> "reclaim";
            case "kill" -> "kill-leak";
            default -> null;
        };
        List<Intent> is = playbook.intents();
        for (int i = 0; i < is.size(); i++) {
            Intent in = is.get(i);
            if (in.id().equals(id)
                    || id == null
                            && a.source().equals("llmctl")
                            && !in.template().startsWith("{")
                            && a.action().startsWith(commandClass(in.template()))) {
                return i;
            }
        }
        return -1;
    }

    /** The command class of a template: its words before the first slot or argument-like word. */
    static String commandClass(String template) {
        String[] w = template.split(" ");
        return w.length >= 2 && !w[1].startsWith("{") && !w[1].startsWith("-") ? w[0] + " " + w[1] : w[0];
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
