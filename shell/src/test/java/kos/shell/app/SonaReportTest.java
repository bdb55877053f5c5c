package kos.shell.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kos.sona.SonaConfig;
import org.junit.jupiter.api.Test;

/** The goal-2 verdicts of {@code sona report} / {@code sona eval}: an arm that learned nothing is not credited. */
class SonaReportTest {
    private static SonaEval.ArmReport arm(String name, double turnB, double errB, double forgetting, double errForget) {
        return arm(name, turnB, errB, forgetting, errForget, 10.0, 10.0);
    }

    private static SonaEval.ArmReport arm(
            String name,
            double turnB,
            double errB,
            double forgetting,
            double errForget,
            Double adaptS,
            Double errAdaptS) {
        return new SonaEval.ArmReport(
                name,
                new double[] {100, turnB, 100},
                new double[] {1.0, errB, 1.0},
                new int[] {10, 10, 10},
                forgetting,
                forgetting,
                errForget,
                List.of(errForget),
                adaptS,
                new double[] {1},
                errAdaptS,
                new double[] {1},
                0,
                1,
                0,
                List.of(),
                0,
                0);
    }

    private static SonaEval.Report report(SonaEval.ArmReport sgd, SonaEval.ArmReport sona) {
        return report(arm("frozen", 1000, 2.0, 0, 0), sgd, sona);
    }

    private static SonaEval.Report report(SonaEval.ArmReport frozen, SonaEval.ArmReport sgd, SonaEval.ArmReport sona) {
        List<SonaEval.ArmReport> arms =
                List.of(frozen, sgd, arm("sona-no-ewc", 900, 1.5, 1, 0.2), sona, arm("offline-b", 500, 1.0, 5, 0.1));
        return new SonaEval.Report(
                "prio-short",
                "prio-long",
                60,
                0.9,
                1,
                List.of(1L),
                9001,
                2000,
                10,
                arms,
                0.1,
                0.2,
                Map.of(),
                SonaConfig.defaults(AttentionSonaModel.TARGETS, 0));
    }

    @Test
    void turnaroundVerdicts() {
        SonaEval.ArmReport sgd = arm("online-sgd", 600, 1.2, 10, 0.4);
        assertEquals(
                "met",
                SonaGoals.forgetting(report(sgd, arm("sona", 700, 1.4, 4, 0.1))).verdict());
        assertEquals(
                "not met",
                SonaGoals.forgetting(report(sgd, arm("sona", 700, 1.4, 6, 0.1))).verdict());
        assertTrue(SonaGoals.forgetting(report(sgd, arm("sona", 950, 1.4, 0, 0.1)))
                .verdict()
                .startsWith("not shown: full SONA did not learn B"));
        assertTrue(SonaGoals.forgetting(report(arm("online-sgd", 600, 1.2, 0.5, 0.4), arm("sona", 700, 1.4, 0, 0)))
                .verdict()
                .startsWith("undecidable"));
    }

    @Test
    void adaptationIsDecidedInPredictionErrorAndOnlyWhereTheFrozenModelFallsShort() {
        SonaEval.ArmReport sgd = arm("online-sgd", 600, 1.2, 10, 0.4);
        SonaEval.ArmReport sona = arm("sona", 700, 1.4, 4, 0.1, 10.0, 20.0);
        String v = SonaGoals.adaptation("7a", "", report(arm("frozen", 1000, 2.0, 0, 0, 10.0, null), sgd, sona))
                .verdict();
        assertEquals("met in prediction error; turnaround does not separate (the frozen model is within 5% too)", v);
        v = SonaGoals.adaptation("7a", "", report(arm("frozen", 1000, 2.0, 0, 0, null, null), sgd, sona))
                .verdict();
        assertEquals("met in prediction error; and in turnaround", v);
        v = SonaGoals.adaptation(
                        "7a",
                        "",
                        report(
                                arm("frozen", 1000, 2.0, 0, 0, null, null),
                                sgd,
                                arm("sona", 700, 1.4, 4, 0.1, 10.0, null)))
                .verdict();
        assertEquals("not met in prediction error; and in turnaround", v);
        v = SonaGoals.adaptation("7a", "", report(arm("frozen", 1000, 2.0, 0, 0, 10.0, 10.0), sgd, sona))
                .verdict();
        assertTrue(v.startsWith("not shown"), v);
    }

    @Test
    void predictionErrorVerdicts() {
        SonaEval.ArmReport sgd = arm("online-sgd", 600, 1.2, 10, 0.4);
        assertEquals(
                "met",
                SonaGoals.errorForgetting(report(sgd, arm("sona", 700, 1.5, 4, 0.2)))
                        .verdict());
        assertEquals(
                "not met",
                SonaGoals.errorForgetting(report(sgd, arm("sona", 700, 1.5, 4, 0.3)))
                        .verdict());
        assertTrue(SonaGoals.errorForgetting(report(sgd, arm("sona", 700, 1.7, 4, 0.0)))
                .verdict()
                .startsWith("not shown"));
        assertTrue(SonaGoals.errorForgetting(report(arm("online-sgd", 600, 1.2, 10, 0.01), arm("sona", 700, 1.5, 0, 0)))
                .verdict()
                .startsWith("undecidable"));
    }
}
