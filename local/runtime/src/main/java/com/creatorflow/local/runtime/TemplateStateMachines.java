package com.creatorflow.local.runtime;

import com.creatorflow.local.sfn.engine.StateMachine;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.sfn.path.JsonValues;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates every state machine of the template in the local engine: {@code AWS::Serverless::StateMachine} (its
 * {@code DefinitionUri} file or inline {@code Definition}) and {@code AWS::StepFunctions::StateMachine}
 * ({@code DefinitionString} or {@code Definition}), with {@code DefinitionSubstitutions} resolved to local names and
 * ARNs. The name is the resource's physical name (its logical id unless it sets {@code Name}), so the ARN is the one
 * {@link LocalResolver#stateMachineArn} gives. An invalid definition stops the runtime with the problems listed.
 */
public final class TemplateStateMachines {
    static final List<String> TYPES = List.of("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine");

    private TemplateStateMachines() {
    }

    /**
     * A state machine of the template, ready to create in a Step Functions service.
     *
     * @param logicalId the resource's logical id
     * @param name its physical name
     * @param definition the ASL text with its substitutions resolved
     * @param type STANDARD or EXPRESS
     * @param roleArn its role, when the template names one
     */
    public record Definition(String logicalId, String name, String definition, String type, String roleArn) {
    }

    /** Every state machine of the template with its definition resolved to local names and ARNs. */
    public static List<Definition> definitions(LocalResolver resolver) {
        CfnTemplate template = resolver.template();
        List<Definition> definitions = new ArrayList<>();
        for (String type : TYPES) {
            for (String logicalId : template.resourcesOfType(type)) {
                Map<String, Object> properties = template.properties(logicalId);
                String definition = substitute(definitionText(template, resolver, logicalId, properties),
                        CfnTemplate.map(properties.get("DefinitionSubstitutions")), resolver);
                String machineType = resolver.string(properties.getOrDefault(
                        type.startsWith("AWS::Serverless") ? "Type" : "StateMachineType", "STANDARD"));
                String role = properties.containsKey("RoleArn") ? resolver.string(properties.get("RoleArn")) : null;
                definitions.add(new Definition(logicalId, resolver.physicalName(logicalId), definition, machineType,
                        role));
            }
        }
        return definitions;
    }

    /** Creates (or updates to the template's definition) every state machine; returns them. */
    static List<StateMachine> create(StepFunctionsEngine engine, LocalResolver resolver) {
        List<StateMachine> created = new ArrayList<>();
        for (Definition definition : definitions(resolver)) {
            String logicalId = definition.logicalId();
            try {
                StateMachine machine = engine.putStateMachine(definition.name(), definition.definition(),
                        definition.roleArn(), definition.type());
                if (!machine.arn().equals(resolver.stateMachineArn(logicalId))) {
                    throw new IllegalStateException("state machine " + logicalId + " got ARN " + machine.arn()
                            + " but the template resolves it to " + resolver.stateMachineArn(logicalId));
                }
                created.add(machine);
            } catch (StepFunctionsEngine.InvalidDefinition e) {
                throw new IllegalStateException("state machine " + logicalId + " in template.yaml has an invalid "
                        + "definition: " + e.getMessage(), e);
            }
        }
        return created;
    }

    private static String definitionText(CfnTemplate template, LocalResolver resolver, String logicalId,
                                         Map<String, Object> properties) {
        if (properties.containsKey("DefinitionUri")) {
            Object uri = properties.get("DefinitionUri");
            if (!(uri instanceof String path)) {
                throw new IllegalStateException("state machine " + logicalId
                        + ": only a local DefinitionUri file is supported by the local runtime");
            }
            try {
                return Files.readString(template.baseDir().resolve(Path.of(path)));
            } catch (IOException e) {
                throw new UncheckedIOException("state machine " + logicalId + ": cannot read " + path, e);
            }
        }
        if (properties.containsKey("DefinitionString")) {
            return resolver.string(properties.get("DefinitionString"));
        }
        if (properties.containsKey("Definition")) {
            return JsonValues.write(JsonValues.MAPPER.valueToTree(resolver.resolve(properties.get("Definition"))));
        }
        throw new IllegalStateException("state machine " + logicalId + " has no DefinitionUri, DefinitionString or "
                + "Definition the local runtime can read");
    }

    private static String substitute(String definition, Map<String, Object> substitutions, LocalResolver resolver) {
        String out = definition;
        for (Map.Entry<String, Object> entry : substitutions.entrySet()) {
            out = out.replace("${" + entry.getKey() + "}", resolver.string(entry.getValue()));
        }
        return out;
    }
}
