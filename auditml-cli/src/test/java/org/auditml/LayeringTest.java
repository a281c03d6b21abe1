package org.auditml;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers, as the project's main code keeps them: the reader and the engine are plain libraries that every face
 * shares, the engine knows no audit format, the store reads events through the reader's public API, and the command
 * line talks to the service.
 */
@AnalyzeClasses(packages = "org.auditml", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    private static final String[] HEAVY = {"org.duckdb..", "io.netty..", "org.apache.flink..", "org.apache.kafka..",
            "io.javalin..", "org.eclipse.jetty..", "picocli..", "com.github.luben.."};

    @ArchTest
    static final ArchRule engineKnowsNoAuditFormatNorStoreNorFace = noClasses().that()
            .resideInAPackage("org.auditml.engine..").should().dependOnClassesThat()
            .resideInAnyPackage("org.auditml.read..", "org.auditml.audit..", "org.auditml.store..",
                    "org.auditml.service..", "org.auditml.cli..", "org.auditml.bench..");

    @ArchTest
    static final ArchRule readerKnowsNoEngineNorStore = noClasses().that().resideInAPackage("org.auditml.read..")
            .should().dependOnClassesThat().resideInAnyPackage("org.auditml.engine..", "org.auditml.audit..",
                    "org.auditml.store..", "org.auditml.service..", "org.auditml.cli..", "org.auditml.bench..");

    @ArchTest
    static final ArchRule plainLibrariesTakeNoHeavyDependency = noClasses().that()
            .resideInAnyPackage("org.auditml.read..", "org.auditml.engine..", "org.auditml.audit..")
            .should().dependOnClassesThat().resideInAnyPackage(HEAVY);

    @ArchTest
    static final ArchRule auditKnowledgeIsNoFace = noClasses().that().resideInAPackage("org.auditml.audit..")
            .should().dependOnClassesThat().resideInAnyPackage("org.auditml.store..", "org.auditml.service..",
                    "org.auditml.cli..");

    @ArchTest
    static final ArchRule storeDoesNotReachIntoTheRawReader = noClasses().that()
            .resideInAPackage("org.auditml.store..").should().dependOnClassesThat()
            .resideInAnyPackage("org.auditml.read.raw..", "org.auditml.read.ecs..", "org.auditml.read.beat..",
                    "org.auditml.service..", "org.auditml.cli..");

    @ArchTest
    static final ArchRule serviceIsNoFace = noClasses().that().resideInAPackage("org.auditml.service..")
            .should().dependOnClassesThat().resideInAnyPackage("org.auditml.cli..", "org.auditml.bench..", "picocli..",
                    "org.auditml.server..", "io.javalin..", "org.eclipse.jetty..");

    /** The HTTP API is a face: routes call the service, never the store or the engine's workings. */
    @ArchTest
    static final ArchRule httpApiTalksToTheService = noClasses().that().resideInAPackage("org.auditml.server..")
            .should().dependOnClassesThat().resideInAnyPackage("org.auditml.store..", "org.duckdb..",
                    "org.auditml.engine.series..", "org.auditml.engine.analysis..", "org.auditml.engine.bucket..",
                    "org.auditml.engine.model..", "org.auditml.engine.snapshot..", "org.auditml.engine.context..",
                    "org.auditml.read..", "org.auditml.audit..", "org.auditml.cli..", "picocli..");

    /** The command line uses the engine's values (jobs, modules, results, severities), never its workings. */
    @ArchTest
    static final ArchRule commandLineTalksToTheService = noClasses().that().resideInAPackage("org.auditml.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("org.auditml.store..", "org.duckdb..",
                    "org.auditml.engine.series..", "org.auditml.engine.analysis..", "org.auditml.engine.bucket..",
                    "org.auditml.engine.model..", "org.auditml.engine.snapshot..", "org.auditml.engine.context..",
                    "org.auditml.read.raw..", "org.auditml.audit..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.auditml.engine.AnomalyJob")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.auditml.engine.score.BucketScorer");

    /** Flink and Kafka stay in auditml-flink: nothing else of auditml runs on them. */
    @ArchTest
    static final ArchRule onlyTheFlinkJobKnowsFlinkOrKafka = noClasses().that().resideInAPackage("org.auditml..")
            .and().resideOutsideOfPackage("org.auditml.flink..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.kafka..");

    /** The Flink job runs the engine's parts itself: no store, no service, no other face. */
    @ArchTest
    static final ArchRule flinkJobRunsTheEngineNotTheService = noClasses().that().resideInAPackage("org.auditml.flink..")
            .should().dependOnClassesThat().resideInAnyPackage("org.auditml.store..", "org.auditml.service..",
                    "org.auditml.server..", "org.auditml.cli..", "org.auditml.bench..", "org.duckdb..", "io.javalin..");

    @ArchTest
    static final ArchRule enginePackagesHaveNoCycles = slices().matching("org.auditml.engine.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule readerPackagesHaveNoCycles = slices().matching("org.auditml.read.(*)..")
            .should().beFreeOfCycles();
}
