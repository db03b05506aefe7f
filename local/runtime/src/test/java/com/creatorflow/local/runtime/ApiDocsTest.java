package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.CfnTemplate;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI documents in docs/api parse, and every HTTP route of template.yaml is documented in one of them. */
class ApiDocsTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void everyRouteOfTheTemplateIsDocumented() throws IOException {
        CfnTemplate template = CfnTemplate.project();
        Set<String> documented = new TreeSet<>();
        Path docs = template.baseDir().resolve("docs").resolve("api");
        try (Stream<Path> files = Files.list(docs)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    Map<String, Object> document = new Yaml().load(reader);
                    assertThat(document).as(file + " is an OpenAPI 3 document").containsKeys("openapi", "paths");
                    CfnTemplate.map(document.get("paths")).forEach((path, operations) ->
                            CfnTemplate.map(operations).keySet().stream().filter(METHODS::contains)
                                    .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
                }
            }
        }
        Set<String> routes = new TreeSet<>();
        HttpFrontDoor.routesOf(template).forEach(route -> routes.add(route.routeKey()));
        assertThat(documented).containsAll(routes);
    }
}
