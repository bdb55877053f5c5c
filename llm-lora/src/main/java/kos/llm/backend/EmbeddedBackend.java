package kos.llm.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kos.llm.backend.Playbook.Intent;
import kos.llm.state.StateSnapshot;
import kos.llm.state.StateSnapshot.Action;
import kos.llm.state.Untrusted;

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
 * <p>Retrieval of similar past incidents (seed 003's Self-RAG): the snapshot's history (every command
 * llmctl executed, with the question that caused it, and the autonomy loop's actions) is embedded the
 * same way (question text, or "action: reason" for the autonomy loop); each incident that succeeded
 * (exit 0, and for llmctl's evaluation history the scenario's fix check) joins the examples of the intent
 * whose command it ran, for this question only. A past question worded like this one then lifts its
 * intent's similarity features; the scorer's weights are unchanged.
 */
public final class EmbeddedBackend implements Backend {
    public static final double MIN_SIMILARITY = 0.30;
    /** The longest question embedded, in characters (MiniLM reads 256 tokens at most anyway). */
    public static final int MAX_QUESTION = 512;
    /** The most past incidents retrieval reads (the newest). */
    public static final int MAX_INCIDENTS = 256;
    /** How llmctl's history marks the question of an incident ({@link kos.llm.LlmAudit#actions}). */
    static final String ASKED = "asked: ";
    /**
     * What the intent scorer weighs, per intent: its best example's similarity; the mean of its two best;
     * the intent head's probability; how strongly the snapshot shows a situation it fits (for {@code fix},
     * how well the fix it stands for fits: the strongest problem, or crash-risk when idle); the request-kind
     * head's probability of its kind; kind x situation; whether the snapshot can fill its command's slots;
     * whether it changes something.
     */
    public static final List<String> FEATURES = List.of(
            "similarity",
            "top-2 similarity",
            "intent head",
            "situation",
            "kind",
            "kind x situation",
            "fillable",
            "act intent");

    static final int INTENT_EPOCHS = 300;
    static final double INTENT_STEP = 4.0;
    static final double INTENT_L2 = 1e-4;

    private final SentenceEncoder encoder;
    private final Playbook playbook;
    private final float[][][] examples;
    private final KindHead head;
    private final Softmax intentHead;
    private final boolean retrieval;
    private final Calibration calibration;

    public EmbeddedBackend(SentenceEncoder encoder, Playbook playbook, boolean retrieval, Calibration calibration) {
        this(encoder, playbook, retrieval, calibration, null);
    }

    private EmbeddedBackend(
            SentenceEncoder encoder, Playbook playbook, boolean retrieval, Calibration calibration, KindHead head) {
        this.encoder = encoder;
        this.playbook = playbook;
        this.retrieval = retrieval;
        this.calibration = calibration;
        List<List<String>> texts = new ArrayList<>();
        playbook.intents().forEach(i -> texts.add(new ArrayList<>(i.examples())));
        for (Calibration.Learned l : calibration.learned()) {
            texts.get(playbook.intents().indexOf(playbook.intent(l.intent()))).add(l.q());
        }
        this.examples = new float[texts.size()][][];
        for (int i = 0; i < examples.length; i++) {
            List<String> ex = texts.get(i);
            examples[i] = new float[ex.size()][];
            for (int j = 0; j < ex.size(); j++) {
                examples[i][j] =
                        encoder.embed(ex.get(j).toLowerCase(Locale.ROOT).strip());
            }
        }
        if (head == null) {
            List<KindHead.Example> ke = new ArrayList<>(KindHead.examples(playbook, encoder::embed));
            for (Calibration.Learned l : calibration.learned()) {
                // only act requests: whether a question answered by an inspection asked for status or for an
                // explanation is not in its label, and calling every such why-question status would undo the why-copies
                if (playbook.intent(l.intent()).requestKind() == RequestKind.ACT) {
                    ke.add(new KindHead.Example(
                            encoder.embed(l.q().toLowerCase(Locale.ROOT).strip()), RequestKind.ACT));
                }
            }
            head = KindHead.train(ke);
        }
        this.head = head;
        this.intentHead = trainIntentHead(examples);
    }

    /** A softmax over the intents, from their examples (the playbook's and the learned ones). */
    private static Softmax trainIntentHead(float[][][] examples) {
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int i = 0; i < examples.length; i++) {
            for (float[] e : examples[i]) {
                x.add(e);
                y.add(i);
            }
        }
        return Softmax.train(
                x.toArray(float[][]::new),
                y.stream().mapToInt(Integer::intValue).toArray(),
                examples.length,
                INTENT_EPOCHS,
                INTENT_STEP,
                INTENT_L2);
    }

    private EmbeddedBackend(EmbeddedBackend b, boolean retrieval, Calibration calibration) {
        this.encoder = b.encoder;
        this.playbook = b.playbook;
        this.examples = b.examples;
        this.head = b.head;
        this.intentHead = b.intentHead;
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

    /**
     * With another calibration; the examples, the intent head and the request-kind head (which also learns the
     * act-labelled learned examples) are rebuilt when its learned examples differ.
     */
    public EmbeddedBackend withCalibration(Calibration c) {
        return c.learned().equals(calibration.learned())
                ? new EmbeddedBackend(this, retrieval, c)
                : new EmbeddedBackend(encoder, playbook, retrieval, c, null);
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

    /**
     * How the scorer sees a question in a snapshot: per intent, its {@link #FEATURES} and the class of the
     * command it would propose here ({@code fix} resolved, slots filled), or null when it would propose none.
     */
    public record Scoring(
            float[] qv,
            List<Situation.Seen> seen,
            double[] kindProbabilities,
            double[] similarity,
            double[][] features,
            String[] commandClass,
            Slots slots,
            String[] retrieved) {}

    public Scoring scoring(String question, StateSnapshot snapshot) {
        String q = question.length() > MAX_QUESTION ? question.substring(0, MAX_QUESTION) : question;
        float[] qv = encoder.embedUncached(q.toLowerCase(Locale.ROOT).strip());
        List<Situation.Seen> seen = Situation.detect(snapshot);
        Slots slots = Slots.of(snapshot, seen);
        double[] pk = head.classify(qv);
        double[] pi = intentHead.classify(qv);
        Situation top = seen.getFirst().situation();
        int n = examples.length;
        double[] sim = new double[n];
        double[][] f = new double[n][];
        String[] cls = new String[n];
        List<List<Incident>> past = retrieval ? incidents(snapshot.history()) : List.of();
        String[] retrieved = new String[n];
        for (int i = 0; i < n; i++) {
            double best = -1, second = -1;
            for (float[] e : examples[i]) {
                double v = SentenceEncoder.similarity(qv, e);
                if (v > best) {
                    second = best;
                    best = v;
                } else if (v > second) {
                    second = v;
                }
            }
            for (Incident inc : past.isEmpty() ? List.<Incident>of() : past.get(i)) {
                double v = SentenceEncoder.similarity(qv, inc.v());
                if (v > best) {
                    second = best;
                    best = v;
                    retrieved[i] = String.format(Locale.ROOT, "%s (similarity %.2f)", inc.text(), v);
                } else if (v > second) {
                    second = v;
                }
            }
            Intent in = playbook.intents().get(i);
            boolean fix = in.template().equals("{fix}");
            Intent act = fix ? playbook.intent(top.fixIntent()) : in;
            String command = slots.fill(act.template());
            cls[i] = command == null ? null : commandClass(command);
            double sit = situationFit(act, seen); // fix: how well the fix it stands for fits (idle: crash-risk)
            double kind = kindFit(in, pk);
            sim[i] = best;
            f[i] = new double[] {
                best,
                second < 0 ? best : round((best + second) / 2),
                round(pi[i]),
                sit,
                round(kind),
                round(kind * sit),
                command == null ? 0 : 1,
                in.requestKind() == RequestKind.ACT ? 1 : 0
            };
        }
        return new Scoring(qv, seen, pk, sim, f, cls, slots, retrieved);
    }

    /** A past incident as an example: its text (quoted for display) and embedding. */
    private record Incident(String text, float[] v) {}

    /** The successful incidents of the history, per intent (at most {@link #MAX_INCIDENTS}, newest kept). */
    private List<List<Incident>> incidents(List<Action> history) {
        List<List<Incident>> out = new ArrayList<>();
        for (int i = 0; i < examples.length; i++) {
            out.add(new ArrayList<>());
        }
        List<Action> h = history.subList(Math.max(0, history.size() - MAX_INCIDENTS), history.size());
        for (Action a : h) {
            int target = intentOf(a);
            boolean llm = a.source().equals("llmctl");
            if (target < 0 || llm && !(a.detail().equals("ok") && a.reason().startsWith(ASKED))) {
                continue;
            }
            String text = llm ? a.reason().substring(ASKED.length()) : a.action() + ": " + a.reason();
            String key = text.length() > MAX_QUESTION ? text.substring(0, MAX_QUESTION) : text;
            out.get(target)
                    .add(new Incident(
                            a.source() + " " + Untrusted.quote(key, 60) + " -> " + a.action(),
                            encoder.embed(key.toLowerCase(Locale.ROOT).strip())));
        }
        return out;
    }

    @Override
    public Reply ask(String question, StateSnapshot snapshot, String prompt) {
        Scoring sc = scoring(question, snapshot);
        List<Situation.Seen> seen = sc.seen();
        double[] pk = sc.kindProbabilities();
        RequestKind kind = RequestKind.values()[KindHead.argmax(pk)];
        double[] sim = sc.similarity();
        int n = sim.length;
        double[] score = scores(sc, calibration.scorerWeights());
        int best = best(score);
        List<String> retrieved = sc.retrieved()[best] == null
                ? List.of()
                : List.of(sc.retrieved()[best] + " -> "
                        + playbook.intents().get(best).id());
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
        Slots slots = sc.slots();
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

    /** Each intent's score: the weights . its features. */
    public static double[] scores(Scoring sc, double[] w) {
        double[] score = new double[sc.features().length];
        for (int i = 0; i < score.length; i++) {
            for (int j = 0; j < w.length; j++) {
                score[i] += w[j] * sc.features()[i][j];
            }
        }
        return score;
    }

    /** The best intent: the highest score rounded to 4 decimals, ties to the earlier intent. */
    public static int best(double[] score) {
        int best = 0;
        for (int i = 1; i < score.length; i++) {
            if (round(score[i]) > round(score[best])) {
                best = i;
            }
        }
        return best;
    }

    /** The best score's margin over the runner-up, rounded. */
    public static double margin(double[] score) {
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
