package kos.lora.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;

class DatasetFilesTest {
    @Test
    void readsJsonLinesWithVectorAndScalarTargets() {
        Dataset d = DatasetFiles.parse("""
                # a comment
                {"input": [1, 2.5], "target": [0.5]}

                {"input": [-1, 0], "target": 3}
                """, "d.jsonl");
        assertEquals(2, d.size());
        assertEquals(2, d.inputDim());
        assertEquals(1, d.targetDim());
        assertArrayEquals(new float[] {1, 2.5f}, d.examples().get(0).input());
        assertArrayEquals(new float[] {3}, d.examples().get(1).target());
    }

    private static void rejects(String text, String part) {
        KosException e = assertThrows(KosException.class, () -> DatasetFiles.parse(text, "d.jsonl"));
        assertTrue(e.getMessage().contains(part), () -> e.getMessage() + " should mention " + part);
    }

    @Test
    void rejectsBadDataWithLineNumbers() {
        rejects("{\"input\": [1], \"target\": 1}\n{\"input\": [1, 2], \"target\": 1}", "example 2 has 2 inputs");
        rejects(
                "{\"input\": [1], \"target\": 1}\n{\"input\": [\"x\"], \"target\": 1}",
                "d.jsonl:2: \"input\"[0] is not a finite number");
        rejects("{\"input\": [], \"target\": 1}", "d.jsonl:1: \"input\" must be a non-empty array");
        rejects("{\"input\": [1]}", "\"target\" must be");
        rejects("{oops", "d.jsonl:1: not a JSON object");
        rejects("[1, 2]", "expected an object");
        rejects("\n\n", "no examples");
        rejects("{\"input\": [1e39], \"target\": 1}", "not a finite number");
    }

    @Test
    void theOriginalsPromptCompletionFormatIsRefusedWithAReason() {
        rejects("""
                {"examples": [{"prompt": "schedule this", "completion": "cpu 2"}]}
                """, "no text model yet");
        rejects("{\"prompt\": \"a\", \"completion\": \"b\"}", "need a text model");
    }

    @Test
    void splitIsSeededAndHoldsOutAShare() {
        Dataset.Builder b = new Dataset.Builder();
        for (int i = 0; i < 10; i++) {
            b.add(new float[] {i}, i);
        }
        Dataset d = b.build();
        Dataset.Split s1 = d.split(0.2, 7), s2 = d.split(0.2, 7), s3 = d.split(0.2, 8);
        assertEquals(8, s1.train().size());
        assertEquals(2, s1.validation().size());
        assertEquals(s1.validation(), s2.validation());
        assertNotEquals(List.of(s1.validation(), s1.train()), List.of(s3.validation(), s3.train()));
        assertEquals(0, d.split(0, 1).validation().size());
        assertEquals(1, d.split(0.01, 1).validation().size(), "at least one when asked for some");
    }
}
