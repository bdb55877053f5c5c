package kos.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import kos.sim.RandomStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer rules of docs/architecture.md, checked on the compiled classes of every module the
 * shell depends on (kernel-sim, ai-insights, sched-transformer, llm-lora and the shell itself;
 * benchmarks may use everything and are not checked). Each package's {@code package-info.java}
 * states its part of these rules in words.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("kos");
        for (String p : new String[] {
            "kos.sim",
            "kos.simd",
            "kos.mem",
            "kos.sched",
            "kos.nn",
            "kos.insights.crash",
            "kos.attn",
            "kos.lora.layer",
            "kos.shell"
        }) {
            assertTrue(classes.containPackage(p), "the import must see " + p);
        }
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void aBrokenRuleFails() {
        // the kernels do use the Vector API: a rule forbidding it must fail, so the rules above can
        ArchRule wrong = noClasses()
                .that()
                .resideInAPackage("kos.simd")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jdk.incubator.vector..");
        assertThrows(AssertionError.class, () -> wrong.check(classes));
        ArchRule wrongToo = noClasses()
                .that()
                .resideInAPackage("kos.shell..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..");
        assertThrows(AssertionError.class, () -> wrongToo.check(classes));
        // SeedStream itself derives through seedFor: the seed rule below sees calls
        ArchRule wrongSeeds = noClasses().should().callMethod(RandomStreams.class, "seedFor", long.class, String.class);
        assertThrows(AssertionError.class, () -> wrongSeeds.check(classes));
    }

    @Test
    void vectorApiOnlyInTheKernelsPackage() {
        check(noClasses()
                .that()
                .resideOutsideOfPackage("kos.simd")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jdk.incubator.vector..")
                .because("hot math lives in kos.simd, each kernel with a scalar twin"));
    }

    @Test
    void onlyTheShellUsesTheShellAndItsLibraries() {
        check(noClasses()
                .that()
                .resideOutsideOfPackage("kos.shell..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("picocli..", "org.jline..", "ch.qos.logback..", "kos.shell..")
                .because("the shell owns every user-facing word; the other modules log through the SLF4J API only"));
    }

    @Test
    void theSimulatorNeverUsesTheNeuralNetworkPieces() {
        check(noClasses()
                .that()
                .resideInAnyPackage("kos.sim..", "kos.mem..", "kos.sched..", "kos.simd..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("kos.nn..")
                .because("the simulation runs without any model; models plug in through its extension points"));
    }

    @Test
    void kernelSimDependsOnNoOtherModule() {
        check(noClasses()
                .that()
                .resideInAnyPackage("kos.sim..", "kos.simd..", "kos.mem..", "kos.sched..", "kos.nn..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("kos.insights..", "kos.attn..", "kos.lora..", "kos.shell..")
                .because("dependencies flow one way: kernel-sim <- AI modules <- shell"));
    }

    @Test
    void theCrashPredictorModuleKnowsNoOtherAiModule() {
        check(noClasses()
                .that()
                .resideInAPackage("kos.insights..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("kos.attn..", "kos.lora..")
                .because("the three AI modules do not depend on each other"));
    }

    @Test
    void theAttentionSchedulerKnowsNoOtherAiModule() {
        check(noClasses()
                .that()
                .resideInAPackage("kos.attn..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("kos.insights..", "kos.lora..")
                .because("the three AI modules do not depend on each other"));
    }

    @Test
    void loraKnowsNoOtherAiModule() {
        check(noClasses()
                .that()
                .resideInAPackage("kos.lora..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("kos.insights..", "kos.attn..")
                .because("the three AI modules do not depend on each other"));
    }

    @Test
    void seedsAreDerivedOnlyThroughNamedStreams() {
        check(noClasses()
                .that()
                .resideOutsideOfPackage("kos.sim")
                .should()
                .callMethod(RandomStreams.class, "seedFor", long.class, String.class)
                .because("a seed derived from another is a named kos.sim.SeedStream, listed in docs/architecture.md"));
        check(noClasses()
                .should()
                .callMethod(Math.class, "random")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(ThreadLocalRandom.class)
                .because("every random number comes from a seeded stream"));
    }

    /** Every package of the five modules states its rules in a package-info.java (the sources are read). */
    @Test
    void everyPackageHasItsPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String module : List.of("kernel-sim", "ai-insights", "sched-transformer", "llm-lora", "shell")) {
            Path root = Path.of("..", module, "src", "main", "java");
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .map(Path::getParent)
                        .distinct()
                        .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
                        .forEach(dir ->
                                missing.add(root.relativize(dir).toString().replace('/', '.')));
            }
        }
        assertTrue(missing.isEmpty(), "packages without package-info.java: " + missing);
    }
}
