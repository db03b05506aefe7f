package com.creatorflow.shared.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pure domain packages (the order model, the lifecycle and the domain errors) depend on the JDK and on each
 * other only: no AWS SDK, no Lambda types, no JSON library, no adapter package. They are the first {@code domain}
 * packages of the area modules planned in docs/module-split.md; a package joins {@link #DOMAIN} once it is pure.
 */
class DomainPurityTest {
    private static final String[] DOMAIN = {"com.creatorflow.shared.order..", "com.creatorflow.shared.lifecycle..",
        "com.creatorflow.shared.error.."};
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.creatorflow.shared.order", "com.creatorflow.shared.lifecycle",
                    "com.creatorflow.shared.error", "com.creatorflow.shared.store");

    @Test
    void domainPackagesDependOnTheJdkAndEachOtherOnly() {
        pure(DOMAIN).check(MAIN);
    }

    @Test
    void theRuleRejectsAPackageThatTalksToDynamoDb() {
        List<String> failures = new ArrayList<>();
        try {
            pure("com.creatorflow.shared.store..").check(MAIN);
        } catch (AssertionError e) {
            failures.add(e.getMessage());
        }
        assertThat(failures).singleElement().asString().contains("software.amazon.awssdk");
    }

    private static ArchRule pure(String... packages) {
        List<String> allowed = new ArrayList<>(List.of("java..", "javax.annotation.."));
        allowed.addAll(List.of(DOMAIN));
        allowed.addAll(List.of(packages));
        return classes().that().resideInAnyPackage(packages)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                .because("a domain package must compile and test without the AWS SDK or any server");
    }
}
