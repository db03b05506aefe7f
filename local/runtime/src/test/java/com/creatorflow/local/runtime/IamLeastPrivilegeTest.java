package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.CfnTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No function is granted a DynamoDB action its code never calls, on a table or index its code never names
 * (derived from the compiled handler and everything it reaches: {@link HandlerCodeScan}); no DynamoDB action is
 * granted on {@code "*"} or through SAM's broad DynamoDB policy templates; task-token actions go only to functions
 * that send task results, and nothing is granted on every state machine ({@code stateMachine:*}).
 */
class IamLeastPrivilegeTest {
    private static final Pattern INDEX_ARN = Pattern.compile("\\$\\{(\\w+)\\.Arn}/index/(.+)");
    private static final Set<String> TASK_TOKEN_ACTIONS = Set.of("states:SendTaskSuccess", "states:SendTaskFailure",
            "states:SendTaskHeartbeat");

    private final CfnTemplate template = CfnTemplate.project();
    private final HandlerCodeScan scan = new HandlerCodeScan(getClass().getClassLoader());

    @Test
    void noFunctionIsGrantedADynamoDbActionOrTaskTokenActionItsCodeNeverCalls() {
        List<String> problems = new ArrayList<>();
        Map<String, String> derived = new TreeMap<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> properties = template.properties(function);
            String handler = String.valueOf(properties.get("Handler")).split("::")[0];
            HandlerCodeScan.Access access = scan.scan(handler);
            Map<String, String> tableVariables = tableVariables(properties);
            Map<String, Set<String>> granted = new TreeMap<>();
            for (Map<String, Object> statement : statements(function, properties, problems)) {
                checkStatement(function, statement, access, tableVariables, granted, problems);
            }
            derived.put(function, "code may call " + access.tables() + " " + access.taskTokenActions() + ", granted "
                    + granted);
        }
        derived.forEach((function, access) -> System.out.println(function + ": " + access));
        assertThat(problems).isEmpty();
    }

    @Test
    void noPolicyGrantsDynamoDbOnEveryResourceOrAnythingOnEveryStateMachine() {
        List<String> problems = new ArrayList<>();
        template.resources().forEach((id, resource) -> walkStatements(id, resource, problems));
        assertThat(problems).isEmpty();
    }

    private void walkStatements(String where, Object node, List<String> problems) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("Action") && map.containsKey("Effect")) {
                List<String> actions = strings(map.get("Action"));
                List<Object> resources = resources(map.get("Resource"));
                if (resources.contains("*") && actions.stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                    problems.add(where + " grants DynamoDB actions on \"*\": " + actions);
                }
                if (String.valueOf(map.get("Resource")).contains(":stateMachine:*")) {
                    problems.add(where + " grants " + actions + " on every state machine (stateMachine:*)");
                }
                if (resources.contains("*") && actions.stream().anyMatch(TASK_TOKEN_ACTIONS::contains)
                        && !TASK_TOKEN_ACTIONS.containsAll(actions)) {
                    problems.add(where + " grants other actions beside the task-token actions on \"*\": " + actions);
                }
            }
            map.values().forEach(value -> walkStatements(where, value, problems));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> walkStatements(where, value, problems));
        }
    }

    private void checkStatement(String function, Map<String, Object> statement, HandlerCodeScan.Access access,
                                Map<String, String> tableVariables, Map<String, Set<String>> granted,
                                List<String> problems) {
        if (!"Allow".equals(statement.get("Effect"))) {
            return;
        }
        List<String> actions = strings(statement.get("Action"));
        for (String action : actions) {
            if (TASK_TOKEN_ACTIONS.contains(action)
                    && !access.taskTokenActions().contains(action.substring("states:".length()))) {
                problems.add(function + " is granted " + action + " but its code never calls it");
            }
        }
        List<String> dynamo = actions.stream().filter(a -> a.startsWith("dynamodb:")).toList();
        if (dynamo.isEmpty()) {
            return;
        }
        for (Object resource : resources(statement.get("Resource"))) {
            TableResource target = tableResource(resource);
            if (target == null) {
                problems.add(function + " is granted " + dynamo + " on " + resource
                        + ", which is not a table (!GetAtt T.Arn) or a named index (!Sub ${T.Arn}/index/name)");
                continue;
            }
            String variable = tableVariables.get(target.table());
            if (variable == null) {
                problems.add(function + " is granted " + dynamo + " on " + target.table()
                        + " but has no environment variable naming that table");
                continue;
            }
            Set<String> called = access.tables().getOrDefault(variable, Set.of());
            for (String action : dynamo) {
                String name = action.substring("dynamodb:".length());
                granted.computeIfAbsent(variable, k -> new TreeSet<>()).add(target.index() == null ? name
                        : name + "@" + target.index());
                if (!called.contains(name)) {
                    problems.add(function + " is granted " + action + " on " + target.table() + " (" + variable
                            + ") but its code never calls it there (it calls " + called + ")");
                }
            }
            if (target.index() != null && (target.index().contains("*")
                    || !access.strings().getOrDefault(variable, Set.of()).contains(target.index()))) {
                problems.add(function + " is granted " + dynamo + " on index " + target.index() + " of "
                        + target.table() + ", which its code never names");
            }
        }
    }

    /** Every statement a function's role gets: inline ones and those of the template's managed policies it names. */
    private List<Map<String, Object>> statements(String function, Map<String, Object> properties,
                                                 List<String> problems) {
        List<Map<String, Object>> out = new ArrayList<>();
        Object raw = properties.get("Policies");
        List<Object> policies = raw instanceof List<?> list ? CfnTemplate.list(list) : List.of(raw);
        for (Object policy : policies) {
            Map<String, Object> map = CfnTemplate.map(policy);
            if (map.containsKey("Statement")) {
                CfnTemplate.list(map.get("Statement")).forEach(s -> out.add(CfnTemplate.map(s)));
            } else if (map.containsKey("Ref")
                    && "AWS::IAM::ManagedPolicy".equals(template.typeOf(String.valueOf(map.get("Ref"))))) {
                Map<String, Object> document = CfnTemplate.map(template.properties(String.valueOf(map.get("Ref")))
                        .get("PolicyDocument"));
                CfnTemplate.list(document.get("Statement")).forEach(s -> out.add(CfnTemplate.map(s)));
            } else if (map.keySet().stream().anyMatch(key -> key.startsWith("DynamoDB"))
                    || String.valueOf(policy).contains("DynamoDB")) {
                problems.add(function + " uses the broad policy " + map.keySet() + policy
                        + ": grant the table actions its code calls instead");
            }
        }
        return out;
    }

    /** Table logical id to the function's environment variable that names it ({@code ORDERS_TABLE: !Ref ...}). */
    private Map<String, String> tableVariables(Map<String, Object> properties) {
        Map<String, String> out = new TreeMap<>();
        Map<String, Object> variables = CfnTemplate.map(CfnTemplate.map(properties.get("Environment"))
                .get("Variables"));
        variables.forEach((name, value) -> {
            Object ref = CfnTemplate.map(value).get("Ref");
            if (ref != null && "AWS::DynamoDB::Table".equals(template.typeOf(String.valueOf(ref)))) {
                out.put(String.valueOf(ref), name);
            }
        });
        return out;
    }

    private record TableResource(String table, String index) {
    }

    private TableResource tableResource(Object resource) {
        Map<String, Object> map = CfnTemplate.map(resource);
        List<Object> att = CfnTemplate.list(map.get("Fn::GetAtt"));
        if (att.size() == 2 && "Arn".equals(att.get(1))
                && "AWS::DynamoDB::Table".equals(template.typeOf(String.valueOf(att.get(0))))) {
            return new TableResource(String.valueOf(att.get(0)), null);
        }
        if (map.get("Fn::Sub") instanceof String sub) {
            Matcher matcher = INDEX_ARN.matcher(sub);
            if (matcher.matches() && "AWS::DynamoDB::Table".equals(template.typeOf(matcher.group(1)))) {
                return new TableResource(matcher.group(1), matcher.group(2));
            }
        }
        return null;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static List<Object> resources(Object value) {
        return value instanceof List<?> list ? CfnTemplate.list(list) : value == null ? List.of() : List.of(value);
    }
}
