package io.synfin.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core decides what a connection is; frameworks only move data. Both the Flink job and the offline
 * analyzer run this module, so it must not depend on Flink, Kafka, Avro or pcap4j.
 */
class CoreIsPlainJavaTest {

    @Test
    void coreDependsOnNoFramework() {
        JavaClasses core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.synfin.core");
        noClasses()
                .that()
                .resideInAPackage("io.synfin.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.flink..", "org.apache.kafka..", "org.apache.avro..", "org.pcap4j..", "io.synfin.schema..")
                .check(core);
    }
}
