package kos.insights.threat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import kos.insights.ml.Mlp;
import kos.ml.data.Dataset;
import kos.threat.ThreatScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How the kill responder's minimum-evidence rule was chosen (session 7): kos's MLP trained on seeds
 * 1-4, the training scenarios on validation seeds 5-8 (never evaluated on), each candidate rule's
 * benign kills and victims' turnaround. Run on demand: {@code -Dkos.threat.choice=true}.
 */
@EnabledIfSystemProperty(named = "kos.threat.choice", matches = "true")
class KillEvidenceChoice {
    @Test
    void candidatesOnValidationSeeds() {
        Dataset training = new ThreatService().training(() -> false);
        Mlp mlp = ThreatEval.trainMlp(training, () -> false);
        ThreatDetector d = new MlpDetector(mlp);
        List<Long> seeds = List.of(5L, 6L, 7L, 8L);
        long[][] rules = {{1, 0}, {2, 0}, {3, 0}, {1, 300_000_000L}, {1, 500_000_000L}};
        for (long[] r : rules) {
            int benignKilled = 0, benignActed = 0;
            double sum = 0, worst = 0;
            int n = 0;
            List<String> kills = new ArrayList<>();
            for (String sc : ThreatScenarios.TRAINING) {
                for (long seed : seeds) {
                    ThreatRunner.Outcome ref = ThreatRunner.run(sc, seed, false, null, null, null);
                    ThreatResponder resp = new ThreatResponder(ThreatResponder.Action.KILL, Set.of(), (int) r[0], r[1]);
                    ThreatRunner.Outcome o = ThreatRunner.run(sc, seed, true, d, resp, null);
                    benignKilled += o.benignKilled();
                    benignActed += o.benignActedOn();
                    if (o.benignKilled() > 0) {
                        kills.add(sc + "/" + seed + " " + o.audit());
                    }
                    if (o.attackNs() >= 0) {
                        double ratio = o.turnaroundMs() / ref.turnaroundMs();
                        sum += ratio;
                        worst = Math.max(worst, ratio);
                        n++;
                    }
                }
            }
            System.out.println(String.format(
                    Locale.ROOT,
                    "CHOICE evidence=%d minAge=%dms: benign acted %d killed %d; victims mean %.3fx worst %.3fx",
                    r[0],
                    r[1] / 1_000_000,
                    benignActed,
                    benignKilled,
                    sum / n,
                    worst));
            kills.forEach(k -> System.out.println("CHOICE   " + k));
        }
    }
}
