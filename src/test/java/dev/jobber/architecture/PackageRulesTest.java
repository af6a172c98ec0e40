package dev.jobber.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.jobber.runner.protocol.Frame;
import dev.jobber.runner.protocol.FrameCodec;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layout rules of STYLE.md, checked on the compiled classes. */
class PackageRulesTest {

    private static final String[] FEATURES = {"dev.jobber.auth..", "dev.jobber.job..", "dev.jobber.environment..",
        "dev.jobber.runner..", "dev.jobber.gateway..", "dev.jobber.trigger..", "dev.jobber.store..",
        "dev.jobber.logs..", "dev.jobber.metrics..", "dev.jobber.audit..", "dev.jobber.instance.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jobber");
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("dev.jobber.(*)..").should().beFreeOfCycles()
                .because("each package depends downward only; a lower one reaches a higher one through a small"
                        + " interface of its own (auth's AuthNotes) or a value the higher one produces (BodyLimits)")
                .check(classes);
    }

    @Test
    void servicesDoNotDependOnResources() {
        noClasses().that().resideOutsideOfPackages("..api..")
                .should().dependOnClassesThat().resideInAPackage("dev.jobber.job.api..")
                .check(classes);
    }

    @Test
    void resourcesDoNotTouchPersistenceOrTransactionsDirectly() {
        noClasses().that().resideInAPackage("..api..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..",
                        "jakarta.transaction..")
                .check(classes);
    }

    @Test
    void onlyTheDockerAdapterUsesDockerJava() {
        noClasses().that().resideOutsideOfPackage("..container.docker..")
                .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .check(classes);
    }

    @Test
    void onlyTheMetricsPackageUsesMicrometerOrThePrometheusClient() {
        noClasses().that().resideOutsideOfPackage("dev.jobber.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
                .check(classes);
    }

    @Test
    void sharedGroundDependsOnNoFeature() {
        noClasses().that().resideInAnyPackage("dev.jobber.common..", "dev.jobber.database..")
                .or().resideInAPackage("dev.jobber.config").should().dependOnClassesThat()
                .resideInAnyPackage(FEATURES).check(classes);
    }

    @Test
    void publishingDependsOnNoConsumerOfWhatItStores() {
        noClasses().that().resideInAPackage("dev.jobber.job..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jobber.gateway..", "dev.jobber.trigger..",
                        "dev.jobber.runner..")
                .because("consumers follow job changes; the syntax and route rules they share with publishing are in"
                        + " common.syntax and common.route")
                .check(classes);
    }

    @Test
    void metricsObserveTheRunnerCoreOnlyThroughWhatItPublishes() {
        noClasses().that().resideInAPackage("dev.jobber.metrics..")
                .should().dependOnClassesThat().resideInAPackage("dev.jobber.runner..")
                .because("the runner core reports to metrics through RunnerCensus and the meters")
                .check(classes);
    }

    @Test
    void manifestAndArchiveCheckingStayFreeOfFrameworks() {
        noClasses().that().resideInAnyPackage("dev.jobber.job.manifest..", "dev.jobber.job.archive..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "jakarta.ws.rs..",
                        "io.quarkus..", "io.vertx..")
                .check(classes);
    }

    @Test
    void theAuditLogCoreDependsOnNoFeature() {
        noClasses().that().resideInAPackage("dev.jobber.audit")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jobber.auth..", "dev.jobber.job..",
                        "dev.jobber.environment..", "dev.jobber.runner..", "dev.jobber.gateway..",
                        "dev.jobber.trigger..", "dev.jobber.store..", "dev.jobber.logs..", "dev.jobber.metrics..")
                .check(classes);
    }

    @Test
    void theChangeFeedDependsOnNoFeature() {
        noClasses().that().resideInAPackage("dev.jobber.database.changes..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jobber.auth..", "dev.jobber.job..",
                        "dev.jobber.environment..", "dev.jobber.runner..", "dev.jobber.gateway..",
                        "dev.jobber.trigger..", "dev.jobber.store..", "dev.jobber.logs..", "dev.jobber.metrics..",
                        "dev.jobber.audit..")
                .because("features follow the feed; it knows none of them")
                .check(classes);
    }

    @Test
    void onlyTheAuditLogWritesAuditEntries() {
        noClasses().that().resideOutsideOfPackage("dev.jobber.audit..")
                .should().dependOnClassesThat().belongToAnyOf(dev.jobber.audit.AuditRepository.class,
                        dev.jobber.audit.AuditRequest.class)
                .check(classes);
    }

    @Test
    void frameHeadersAreWrittenAndReadOnlyByTheCodec() {
        noClasses().that().resideInAnyPackage("dev.jobber.runner", "dev.jobber.runner.protocol")
                .and().haveNameNotMatching("dev\\.jobber\\.runner\\.(PoolServices|RunnerCalls|StoreCalls"
                        + "|protocol\\.(Frame|FrameCodec|HeaderFields|FrameDecoder|Frames|RawFrame))(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("io.vertx.core.json..")
                .because("frames are Frame records and only FrameCodec knows their JSON (PoolServices writes the "
                        + "credentials file; RunnerCalls and StoreCalls handle a call's own arguments and result)")
                .check(classes);
    }

    @Test
    void onlyTheManagerSocketEncodesAndDecodesFrames() {
        noClasses().that().resideOutsideOfPackage("dev.jobber.runner.protocol..")
                .should().callMethod(FrameCodec.class, "encode", Frame.class)
                .orShould().callMethod(FrameCodec.class, "appendTo", Buffer.class, Frame.class)
                .orShould().callMethod(FrameCodec.class, "decode", Buffer.class)
                .because("the runner core sends and receives Frame records through RunnerLink and its session")
                .check(classes);
    }
}
