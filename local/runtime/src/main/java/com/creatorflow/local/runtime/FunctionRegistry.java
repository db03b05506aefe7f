package com.creatorflow.local.runtime;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.shared.aws.AwsClients;
import com.creatorflow.shared.config.Env;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every {@code AWS::Serverless::Function} of the template, built with its handler class and the environment
 * variables the template gives it (with Globals), resolved to local names, plus the local endpoints.
 */
public final class FunctionRegistry {
    private final Map<String, LocalFunction> byName = new LinkedHashMap<>();
    private final Map<String, String> arnToName = new HashMap<>();

    /**
     * @param resolver resolves the template's intrinsics to local values
     * @param localVariables what every function gets on top of its template variables (endpoints, keys)
     * @param aws the clients every function shares
     */
    public FunctionRegistry(LocalResolver resolver, Map<String, String> localVariables, AwsClients aws) {
        CfnTemplate template = resolver.template();
        for (String logicalId : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> properties = template.properties(logicalId);
            String handler = resolver.string(properties.get("Handler"));
            String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
            Map<String, String> variables = templateVariables(resolver, logicalId);
            variables.putAll(localVariables);
            variables.put("AWS_LAMBDA_FUNCTION_NAME", logicalId);
            Class<?> handlerClass;
            try {
                handlerClass = Class.forName(className);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("function " + logicalId + " names handler " + className
                        + ", which is not on the local runtime's classpath (add its module to local/runtime/pom.xml)", e);
            }
            int memory = Integer.parseInt(String.valueOf(properties.getOrDefault("MemorySize", 1024)));
            int timeout = Integer.parseInt(String.valueOf(properties.getOrDefault("Timeout", 30)));
            LocalFunction function = new LocalFunction(logicalId, handlerClass, Env.of(variables, aws), memory,
                    timeout);
            byName.put(logicalId, function);
            arnToName.put(resolver.functionArn(logicalId), logicalId);
            arnToName.put(resolver.functionArn(logicalId) + ":live", logicalId);
        }
    }

    /**
     * The environment variables the template gives a function, resolved to local names (Globals apply as the
     * template reader merges them); processes outside the runtime build the same environment with it.
     */
    public static Map<String, String> templateVariables(LocalResolver resolver, String logicalId) {
        Map<String, String> variables = new HashMap<>();
        Map<String, Object> declared = CfnTemplate.map(CfnTemplate.map(resolver.template().properties(logicalId)
                .get("Environment")).get("Variables"));
        declared.forEach((key, value) -> {
            String resolved = resolver.string(value);
            if (resolved != null) {
                variables.put(key, resolved);
            }
        });
        return variables;
    }

    /** A function by logical id. */
    public LocalFunction get(String name) {
        LocalFunction function = byName.get(name);
        if (function == null) {
            throw new IllegalArgumentException("no function " + name + " in template.yaml");
        }
        return function;
    }

    /** A function by ARN (plain, alias-qualified) or by name. */
    public LocalFunction byArnOrName(String arnOrName) {
        String name = arnToName.getOrDefault(arnOrName, arnOrName);
        return get(name);
    }

    /** Every function. */
    public Collection<LocalFunction> all() {
        return byName.values();
    }
}
