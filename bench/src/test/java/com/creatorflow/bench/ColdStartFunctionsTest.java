package com.creatorflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.ProjectPaths;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdStartFunctionsTest {
    @Test
    void everyFunctionOfTheTemplateHasASampleEventAndAJarPath() {
        List<ColdStartBenchmark.LambdaFunction> functions = ColdStartBenchmark.functions(ProjectPaths.root());

        assertThat(functions).isNotEmpty();
        assertThat(functions).allSatisfy(f -> {
            assertThat(Files.isRegularFile(f.event())).as(f.name() + " event " + f.event()).isTrue();
            assertThat(f.jar().toString()).endsWith(".jar").contains("/functions/");
            assertThat(f.handler()).startsWith("com.creatorflow.").doesNotContain("::");
        });
    }
}
