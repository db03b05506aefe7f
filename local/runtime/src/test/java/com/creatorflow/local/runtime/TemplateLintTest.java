package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.creatorflow.local.stack.ProjectPaths;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs AWS's own checkers over template.yaml: cfn-lint (any error or warning fails) and the SAM translator (the
 * transform CloudFormation runs on deploy; any error fails). Skipped only on a machine without cfn-lint, which
 * brings the translator with it ({@code pip install cfn-lint}). The transformed template must stay within a
 * resource budget below CloudFormation's limit of 500 per stack.
 */
class TemplateLintTest {
    private static final long TIMEOUT_SECONDS = 300;
    /** Below CloudFormation's 500 resources per stack, so the branch that nears the limit notices it. */
    private static final int RESOURCE_BUDGET = 450;

    private final Path root = ProjectPaths.root();

    @Test
    void cfnLintFindsNoErrorAndNoWarning() throws Exception {
        Path cfnLint = onPath("cfn-lint").orElse(null);
        assumeTrue(cfnLint != null, "cfn-lint is not installed (pip install cfn-lint): template not linted");
        Result result = run(List.of(cfnLint.toString(), "--format", "parseable", "template.yaml"));
        assertThat(result.exitCode()).as("cfn-lint template.yaml found problems:%n%s", result.output()).isZero();
    }

    @Test
    void samTranslatorTransformsTheTemplate() throws Exception {
        assumeTrue(onPath("cfn-lint").isPresent(),
                "cfn-lint (which brings aws-sam-translator) is not installed: template not transformed");
        Path python = onPath("python3").orElseThrow(() -> new AssertionError("cfn-lint is installed but python3 "
                + "is not on the PATH"));
        Path script = root.resolve("local/runtime/src/test/python/sam_translate.py");
        Result result = run(List.of(python.toString(), script.toString(), "template.yaml"));
        assertThat(result.exitCode()).as("the SAM transform failed:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("transformed:");
    }

    @Test
    void theTransformedTemplateStaysWithinTheResourceBudget() throws Exception {
        assumeTrue(onPath("cfn-lint").isPresent(),
                "cfn-lint (which brings aws-sam-translator) is not installed: template not transformed");
        Path script = root.resolve("local/runtime/src/test/python/sam_translate.py");
        Result result = run(List.of(onPath("python3").orElseThrow().toString(), script.toString(), "template.yaml"));
        Matcher count = Pattern.compile("transformed: (\\d+) CloudFormation resources").matcher(result.output());
        assertThat(count.find()).as("the SAM transform's output:%n%s", result.output()).isTrue();
        assertThat(Integer.parseInt(count.group(1)))
                .as("CloudFormation resources after the SAM transform (a stack holds at most 500; the recipe for a "
                        + "new function in docs/deploy.md keeps each one cheap)")
                .isLessThanOrEqualTo(RESOURCE_BUDGET);
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("template-lint", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Optional<Path> onPath(String program) {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, program));
            }
        }
        return candidates.stream().filter(Files::isRegularFile).filter(Files::isExecutable).findFirst();
    }

    private record Result(int exitCode, String output) {
    }
}
