package com.creatorflow.local.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.stack.CfnTemplate;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each business area module ({@code areas/*}) has a domain: its {@code <package>.domain} packages (for orders also
 * {@code order} and {@code lifecycle}), which reach no AWS SDK and no Lambda type, not even through the platform
 * classes they use, so they compile and test without either on the class path (docs/module-split.md).
 */
class AreaDomainsTest {
    /** Area modules without a domain package, with the reason. */
    static final Map<String, String> WITHOUT_DOMAIN = Map.of(
            "setup", "operator tooling (demo data, PII key commands) over the other areas' domains, no rules of its own");
    private static final String[] DOMAIN = {"com.creatorflow.shared..domain..", "com.creatorflow.shared.order",
        "com.creatorflow.shared.lifecycle"};
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.creatorflow.shared");

    private final Path root = CfnTemplate.project().baseDir();

    @Test
    void everyAreaModuleHasADomainPackage() throws IOException {
        List<String> areas;
        try (Stream<Path> modules = Files.list(root.resolve("areas"))) {
            areas = modules.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(areas).contains("orders", "inventory", "shipping", "tiktok", "rules");
        for (String area : areas) {
            if (WITHOUT_DOMAIN.containsKey(area)) {
                continue;
            }
            Path sources = root.resolve("areas").resolve(area).resolve("src/main/java");
            try (Stream<Path> folders = Files.walk(sources)) {
                assertThat(folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                        .as("areas/%s has a domain package", area).contains("domain");
            }
        }
    }

    @Test
    void domainPackagesReachNeitherTheAwsSdkNorLambdaTypes() {
        assertThat(MAIN.that(DescribedPredicate.describe("in a domain package",
                c -> c.getPackageName().endsWith(".domain")))).as("domain classes imported").hasSizeGreaterThan(50);
        awsFree(DOMAIN).check(MAIN);
    }

    @Test
    void theRuleReportsAnAdapterPackage() {
        assertThatThrownBy(() -> awsFree("com.creatorflow.shared.store").check(MAIN))
                .hasMessageContaining("software.amazon.awssdk");
    }

    private static ArchRule awsFree(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().transitivelyDependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .because("an area's domain compiles and tests without the AWS SDK, Lambda or any server");
    }
}
