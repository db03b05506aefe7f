package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.shared.config.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Static checks of template.yaml: references resolve, code and workflow files exist, queues have DLQs. */
class TemplateTest {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private static final Set<String> PSEUDO = Set.of("AWS::Region", "AWS::AccountId", "AWS::StackName",
            "AWS::Partition", "AWS::URLSuffix", "AWS::NoValue", "AWS::StackId");

    private final CfnTemplate template = CfnTemplate.project();
    private final Path root = template.baseDir();

    @Test
    void everyReferenceResolves() {
        List<String> problems = new ArrayList<>();
        template.resources().forEach((id, resource) -> walk(id, resource, problems));
        walk("Outputs", template.root().get("Outputs"), problems);
        walk("Globals", template.root().get("Globals"), problems);
        assertThat(problems).isEmpty();
    }

    private void walk(String where, Object node, List<String> problems) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Ref")) {
                checkName(where, String.valueOf(map.get("Ref")), problems);
            } else if (map.size() == 1 && map.containsKey("Fn::GetAtt")) {
                List<Object> parts = CfnTemplate.list(map.get("Fn::GetAtt"));
                checkResource(where, String.valueOf(parts.get(0)), problems);
            } else if (map.size() == 1 && map.containsKey("Fn::Sub")) {
                Object arg = map.get("Fn::Sub");
                String text = arg instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(arg);
                Set<String> local = arg instanceof List<?> list ? CfnTemplate.map(list.get(1)).keySet() : Set.of();
                Matcher matcher = SUB_VARIABLE.matcher(text);
                while (matcher.find()) {
                    String name = matcher.group(1);
                    if (!local.contains(name)) {
                        checkName(where, name.contains(".") && !name.startsWith("AWS::")
                                ? name.substring(0, name.indexOf('.')) : name, problems);
                    }
                }
                if (arg instanceof List<?> list) {
                    walk(where, list.get(1), problems);
                }
            } else {
                map.values().forEach(value -> walk(where, value, problems));
            }
        } else if (node instanceof List<?> list) {
            list.forEach(value -> walk(where, value, problems));
        }
    }

    private void checkName(String where, String name, List<String> problems) {
        String target = name.endsWith(".Alias") ? name.substring(0, name.length() - 6) : name;
        if (!PSEUDO.contains(target) && !template.parameters().containsKey(target)
                && !template.resources().containsKey(target)) {
            problems.add(where + " refers to " + name + ", which is neither a resource nor a parameter");
        }
    }

    private void checkResource(String where, String name, List<String> problems) {
        if (!template.resources().containsKey(name)) {
            problems.add(where + " reads an attribute of " + name + ", which is not a resource");
        }
    }

    @Test
    void everyFunctionPointsAtItsModuleAndAHandlerThatExists() throws Exception {
        List<String> functions = template.resourcesOfType("AWS::Serverless::Function");
        assertThat(functions).isNotEmpty();
        for (String id : functions) {
            Map<String, Object> properties = template.properties(id);
            String codeUri = String.valueOf(properties.get("CodeUri"));
            Matcher module = Pattern.compile("functions/([a-z0-9-]+)/target/\\1-lambda\\.jar").matcher(codeUri);
            assertThat(module.matches()).as(id + " CodeUri " + codeUri + " is functions/<m>/target/<m>-lambda.jar")
                    .isTrue();
            Path moduleDir = root.resolve("functions").resolve(module.group(1));
            assertThat(moduleDir.resolve("pom.xml")).as(id + " module").exists();
            assertThat(Files.readString(root.resolve("functions/pom.xml")))
                    .as("the shaded jar is named as the CodeUri says")
                    .contains("<finalName>${project.artifactId}-lambda</finalName>");

            String handler = String.valueOf(properties.get("Handler"));
            String className = handler.split("::")[0];
            Path source = moduleDir.resolve("src/main/java").resolve(className.replace('.', '/') + ".java");
            assertThat(source).as(id + " handler source in its own module").exists();
            Class<?> type = Class.forName(className);
            assertThat(RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type))
                    .as(id + " handler is a Lambda handler").isTrue();
            type.getConstructor();
            type.getConstructor(Env.class);
            assertThat(handler).as(id + " names the handler method").endsWith("::handleRequest");
        }
    }

    @Test
    void everyFunctionLogsToTheSharedLogGroupWhichHasRetention() {
        Map<String, Object> globals = CfnTemplate.map(CfnTemplate.map(template.root().get("Globals")).get("Function"));
        assertThat(CfnTemplate.map(globals.get("LoggingConfig")).get("LogGroup"))
                .isEqualTo(Map.of("Ref", "FunctionsLogGroup"));
        for (String id : template.resourcesOfType("AWS::Serverless::Function")) {
            assertThat(CfnTemplate.map(template.properties(id).get("LoggingConfig")).get("LogGroup"))
                    .as(id + " log group").isEqualTo(Map.of("Ref", "FunctionsLogGroup"));
        }
        for (String id : template.resourcesOfType("AWS::Logs::LogGroup")) {
            assertThat(template.properties(id)).as(id).containsKey("RetentionInDays");
            assertThat(String.valueOf(template.properties(id).get("LogGroupName"))).as(id + " one group for all")
                    .doesNotContain("/aws/lambda/");
        }
    }

    @Test
    void everyStateMachineFileExistsAndItsSubstitutionsMatch() throws IOException {
        for (String id : template.resourcesOfType("AWS::Serverless::StateMachine")) {
            Map<String, Object> properties = template.properties(id);
            Path file = root.resolve(String.valueOf(properties.get("DefinitionUri")));
            assertThat(file).as(id + " definition").exists();
            assertThat(file.getParent().getFileName().toString()).isEqualTo("statemachines");
            Set<String> used = new HashSet<>();
            Matcher matcher = SUB_VARIABLE.matcher(Files.readString(file));
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
            Set<String> provided = CfnTemplate.map(properties.get("DefinitionSubstitutions")).keySet();
            assertThat(provided).as(id + " provides every substitution its file uses").containsAll(used);
            assertThat(used).as(id + " uses every substitution it is given").containsAll(provided);
        }
    }

    @Test
    void everyQueueHasADeadLetterQueueAndEveryDeadLetterQueueAnAlarm() {
        List<String> queues = template.resourcesOfType("AWS::SQS::Queue");
        Set<String> deadLetterQueues = new HashSet<>();
        template.resources().values().forEach(resource -> collectDeadLetterQueues(resource, deadLetterQueues));
        for (String id : queues) {
            Map<String, Object> redrive = CfnTemplate.map(template.properties(id).get("RedrivePolicy"));
            if (!redrive.isEmpty()) {
                assertThat(((Number) redrive.get("maxReceiveCount")).intValue()).isBetween(1, 10);
            }
            assertThat(!redrive.isEmpty() || deadLetterQueues.contains(id)).as(id + " has a DLQ or is one").isTrue();
        }
        Set<String> alarmed = new HashSet<>();
        for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            for (Object raw : CfnTemplate.list(template.properties(alarm).get("Dimensions"))) {
                List<Object> att = CfnTemplate.list(CfnTemplate.map(CfnTemplate.map(raw).get("Value")).get("Fn::GetAtt"));
                if (!att.isEmpty()) {
                    alarmed.add(String.valueOf(att.get(0)));
                }
            }
        }
        assertThat(alarmed).as("every DLQ has an alarm").containsAll(deadLetterQueues);
    }

    /** Queues named as a dead-letter target: SQS redrive policies, EventBridge targets, async failure destinations. */
    private static void collectDeadLetterQueues(Object node, Set<String> found) {
        if (node instanceof Map<?, ?> map) {
            for (String key : List.of("deadLetterTargetArn", "DeadLetterConfig", "OnFailure")) {
                Object value = map.get(key);
                Map<String, Object> holder = CfnTemplate.map(value);
                Object arn = holder.containsKey("Fn::GetAtt") ? holder
                        : holder.containsKey("Arn") ? holder.get("Arn") : holder.get("Destination");
                List<Object> att = CfnTemplate.list(CfnTemplate.map(arn).get("Fn::GetAtt"));
                if (!att.isEmpty()) {
                    found.add(String.valueOf(att.get(0)));
                }
            }
            map.values().forEach(child -> collectDeadLetterQueues(child, found));
        } else if (node instanceof List<?> list) {
            list.forEach(child -> collectDeadLetterQueues(child, found));
        }
    }

    @Test
    void everyEventRuleTargetHasARetryPolicyAndADeadLetterQueue() {
        for (String rule : template.resourcesOfType("AWS::Events::Rule")) {
            for (Object raw : CfnTemplate.list(template.properties(rule).get("Targets"))) {
                Map<String, Object> target = CfnTemplate.map(raw);
                assertThat(target).as(rule + " target " + target.get("Id")).containsKeys("DeadLetterConfig",
                        "RetryPolicy");
            }
        }
        for (String resource : template.resources().keySet()) {
            CfnTemplate.map(template.properties(resource).get("Events")).forEach((name, raw) -> {
                Map<String, Object> event = CfnTemplate.map(raw);
                if ("EventBridgeRule".equals(event.get("Type")) || "Schedule".equals(event.get("Type"))) {
                    assertThat(CfnTemplate.map(event.get("Properties"))).as(resource + " event " + name)
                            .containsKeys("DeadLetterConfig", "RetryPolicy");
                }
            });
        }
    }

    /** A rule that feeds a queue nobody reads only fills it (the dashboard feed held 8,150 messages in a run). */
    @Test
    void everyEnabledRuleThatFeedsAQueueHasAFunctionReadingIt() {
        Set<String> read = new HashSet<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            CfnTemplate.map(template.properties(function).get("Events")).values().forEach(raw -> {
                Map<String, Object> event = CfnTemplate.map(raw);
                if ("SQS".equals(event.get("Type"))) {
                    read.addAll(getAttTarget(CfnTemplate.map(event.get("Properties")).get("Queue")));
                }
            });
        }
        List<String> queues = template.resourcesOfType("AWS::SQS::Queue");
        for (String rule : template.resourcesOfType("AWS::Events::Rule")) {
            Map<String, Object> properties = template.properties(rule);
            if ("DISABLED".equals(properties.get("State"))) {
                continue;
            }
            for (Object target : CfnTemplate.list(properties.get("Targets"))) {
                for (String queue : getAttTarget(CfnTemplate.map(target).get("Arn"))) {
                    assertThat(!queues.contains(queue) || read.contains(queue))
                            .as(rule + " feeds " + queue + ", which no function reads").isTrue();
                }
            }
        }
    }

    private static List<String> getAttTarget(Object value) {
        List<Object> att = CfnTemplate.list(CfnTemplate.map(value).get("Fn::GetAtt"));
        return att.isEmpty() ? List.of() : List.of(String.valueOf(att.get(0)));
    }

    @Test
    void everyAlarmNotifiesTheAlarmTopicAndEveryFunctionAndWorkflowHasItsAlarms() {
        Map<String, Set<String>> alarmedMetrics = new java.util.HashMap<>();
        for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            Map<String, Object> properties = template.properties(alarm);
            for (String key : List.of("AlarmActions", "OKActions")) {
                assertThat(CfnTemplate.list(properties.get(key))).as(alarm + " " + key)
                        .containsExactly(Map.of("Ref", "AlarmTopic"));
            }
            List<Map<String, Object>> metrics = new ArrayList<>();
            metrics.add(properties);
            CfnTemplate.list(properties.get("Metrics")).forEach(query -> metrics.add(CfnTemplate.map(
                    CfnTemplate.map(CfnTemplate.map(query).get("MetricStat")).get("Metric"))));
            for (Map<String, Object> metric : metrics) {
                for (Object raw : CfnTemplate.list(metric.get("Dimensions"))) {
                    Object target = CfnTemplate.map(CfnTemplate.map(raw).get("Value")).get("Ref");
                    if (target != null) {
                        alarmedMetrics.computeIfAbsent(String.valueOf(target), k -> new HashSet<>())
                                .add(String.valueOf(metric.get("MetricName")));
                    }
                }
            }
        }
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            assertThat(alarmedMetrics.get(function)).as(function + " alarms").contains("Errors", "Throttles");
        }
        for (String machine : template.resourcesOfType("AWS::Serverless::StateMachine")) {
            assertThat(alarmedMetrics.get(machine)).as(machine + " alarms")
                    .contains("ExecutionsFailed", "ExecutionsTimedOut");
        }
        assertThat(alarmedMetrics.get("HttpApi")).as("HTTP API alarms").contains("5xx", "Latency");
    }

    @Test
    void everyMetricMathAlarmSumsAllItsMetricsAndStaysWithinTenMetrics() {
        for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            List<Map<String, Object>> queries = CfnTemplate.list(template.properties(alarm).get("Metrics")).stream()
                    .map(CfnTemplate::map).toList();
            List<String> stats = queries.stream().filter(query -> query.containsKey("MetricStat"))
                    .map(query -> String.valueOf(query.get("Id"))).toList();
            if (stats.isEmpty()) {
                continue;
            }
            assertThat(stats).as(alarm + " metrics (an alarm's math may use at most 10)").hasSizeLessThanOrEqualTo(10);
            List<String> expressions = queries.stream().filter(query -> query.containsKey("Expression"))
                    .map(query -> String.valueOf(query.get("Expression"))).toList();
            assertThat(expressions).as(alarm + " expressions").hasSize(1);
            Set<String> used = new HashSet<>();
            Matcher matcher = Pattern.compile("[a-z][A-Za-z0-9_]*").matcher(expressions.get(0));
            while (matcher.find()) {
                used.add(matcher.group());
            }
            assertThat(used).as(alarm + " expression uses each of its metrics").containsAll(stats);
        }
    }

    @Test
    void functionsRunOnJava25WithSnapStartAndTracing() {
        Map<String, Object> globals = CfnTemplate.map(CfnTemplate.map(template.root().get("Globals")).get("Function"));
        assertThat(globals.get("Runtime")).isEqualTo("java25");
        assertThat(CfnTemplate.map(globals.get("SnapStart")).get("ApplyOn")).isEqualTo("PublishedVersions");
        assertThat(globals.get("Tracing")).isEqualTo("Active");
        for (String id : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> variables = CfnTemplate.map(CfnTemplate.map(template.properties(id)
                    .get("Environment")).get("Variables"));
            assertThat(variables).as(id + " Powertools service name").containsKey("POWERTOOLS_SERVICE_NAME");
            assertThat(template.properties(id)).as(id + " policies").containsKey("Policies");
        }
    }
}
