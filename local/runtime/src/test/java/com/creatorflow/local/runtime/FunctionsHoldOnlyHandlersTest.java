package com.creatorflow.local.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.creatorflow.local.stack.CfnTemplate;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code functions/<module>/src/main/java} holds Lambda handlers only: every top-level class there implements
 * {@link RequestHandler} or {@link RequestStreamHandler} (directly or through {@code ApiHandler} / {@code TaskHandler}).
 * Services, models and errors live in their area package of {@code shared/}; the few wiring classes allowed beside
 * the handlers are named in {@link #WIRING} with the reason.
 */
class FunctionsHoldOnlyHandlersTest {
    /** Non-handler classes allowed in a function module, each with why it is wiring and not domain code. */
    static final Map<String, String> WIRING = Map.of(
            "com.creatorflow.rules.ApplyRulesInput",
            "the ApplyCreatorRules step's input record, read by ApplyRulesHandler only",
            "com.creatorflow.tiktok.outbound.ShipmentTask",
            "the input record (tenant, order, reason) of the three outbound TikTok steps of that package",
            "com.creatorflow.orderevents.ApiGatewayConnections",
            "LiveFeedHandler's ConnectionPoster over the API Gateway management SDK, which only order-events bundles");

    private final Path root = CfnTemplate.project().baseDir();

    @Test
    void everyTopLevelClassOfAFunctionModuleIsAHandlerOrNamedWiring() {
        Set<String> sources = functionSourceClasses();
        JavaClasses imported = importPackagesOf(sources);
        assertThat(sources).as("function source classes on the test classpath").allMatch(imported::contain);
        assertThat(sources).as("the named wiring classes still exist").containsAll(WIRING.keySet());

        Set<String> checked = new TreeSet<>(sources);
        checked.removeAll(WIRING.keySet());
        handlersOnly(checked).check(imported);
    }

    @Test
    void theRuleReportsAServiceClass() {
        String service = "com.creatorflow.shared.shipping.ShipmentService";
        JavaClasses imported = importPackagesOf(Set.of(service));
        AssertionError failure = null;
        try {
            handlersOnly(Set.of(service)).check(imported);
        } catch (AssertionError e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains(service);
    }

    private static ArchRule handlersOnly(Set<String> names) {
        return classes().that().areTopLevelClasses()
                .and(DescribedPredicate.describe("are in a function module", c -> names.contains(c.getName())))
                .should().beAssignableTo(RequestHandler.class).orShould().beAssignableTo(RequestStreamHandler.class)
                .because("functions/ keeps only handlers; services and models belong in shared/ (issue 18)");
    }

    private static JavaClasses importPackagesOf(Set<String> names) {
        String[] packages = names.stream().map(n -> n.substring(0, n.lastIndexOf('.'))).distinct()
                .toArray(String[]::new);
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
    }

    /** The class names of the .java files under functions/{@literal *}/src/main/java. */
    private Set<String> functionSourceClasses() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
            for (Path source : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(source)) {
                    names.addAll(files.filter(f -> f.toString().endsWith(".java"))
                            .map(f -> source.relativize(f).toString().replace('/', '.').replaceAll("\\.java$", ""))
                            .collect(Collectors.toSet()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(names).as("function sources found under " + root.resolve("functions")).hasSizeGreaterThan(40);
        return names;
    }
}
