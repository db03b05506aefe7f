package com.creatorflow.local.stack;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsics ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}, ...) to the names, URLs and
 * ARNs that the resources have in the local runtime. A resource without an explicit name is named after its logical
 * id, as CloudFormation would name it after the stack and logical id (lower-cased for S3 buckets, as S3 wants).
 */
public final class LocalResolver {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final CfnTemplate template;
    private final String region;
    private final URI sqsEndpoint;
    private final Map<String, String> parameterOverrides;

    /**
     * @param template the template
     * @param region the local region
     * @param sqsEndpoint where local queues live (queue URLs are built from it)
     * @param parameterOverrides template parameter values that replace their defaults
     */
    public LocalResolver(CfnTemplate template, String region, URI sqsEndpoint, Map<String, String> parameterOverrides) {
        this.template = template;
        this.region = region;
        this.sqsEndpoint = sqsEndpoint;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
    }

    /** The template this resolver reads. */
    public CfnTemplate template() {
        return template;
    }

    /** The local region. */
    public String region() {
        return region;
    }

    /** Resolves a value to a string, failing clearly when it does not resolve to a scalar. */
    public String string(Object value) {
        Object resolved = resolve(value);
        if (resolved instanceof Map || resolved instanceof List) {
            throw new IllegalArgumentException("expected a scalar but got " + resolved);
        }
        return resolved == null ? null : String.valueOf(resolved);
    }

    /** Resolves every intrinsic inside a value (maps and lists recursively). */
    @SuppressWarnings("unchecked")
    public Object resolve(Object value) {
        if (value instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            if (CfnTemplate.isIntrinsic(map)) {
                Map.Entry<String, Object> call = map.entrySet().iterator().next();
                return intrinsic(call.getKey(), call.getValue());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, resolve(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(resolve(item)));
            return out;
        }
        return value;
    }

    private Object intrinsic(String function, Object argument) {
        return switch (function) {
            case "Ref" -> ref(String.valueOf(argument));
            case "Fn::GetAtt" -> {
                List<Object> parts = CfnTemplate.list(resolve(argument));
                yield getAtt(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
            }
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> {
                List<Object> parts = CfnTemplate.list(argument);
                String delimiter = string(parts.get(0));
                List<String> items = new ArrayList<>();
                CfnTemplate.list(resolve(parts.get(1))).forEach(item -> items.add(String.valueOf(item)));
                yield String.join(delimiter, items);
            }
            case "Fn::Select" -> {
                List<Object> parts = CfnTemplate.list(argument);
                int index = Integer.parseInt(string(parts.get(0)));
                yield CfnTemplate.list(resolve(parts.get(1))).get(index);
            }
            case "Fn::Split" -> {
                List<Object> parts = CfnTemplate.list(argument);
                yield List.of(string(parts.get(1)).split(Pattern.quote(string(parts.get(0))), -1));
            }
            case "Fn::If" -> {
                List<Object> parts = CfnTemplate.list(argument);
                yield resolve(condition(String.valueOf(parts.get(0))) ? parts.get(1) : parts.get(2));
            }
            case "Fn::Equals" -> {
                List<Object> parts = CfnTemplate.list(resolve(argument));
                yield String.valueOf(parts.get(0)).equals(String.valueOf(parts.get(1)));
            }
            case "Fn::Not" -> !truthy(resolve(CfnTemplate.list(argument).get(0)));
            case "Fn::And" -> CfnTemplate.list(argument).stream().allMatch(item -> truthy(resolve(item)));
            case "Fn::Or" -> CfnTemplate.list(argument).stream().anyMatch(item -> truthy(resolve(item)));
            case "Condition" -> condition(String.valueOf(argument));
            default -> throw new IllegalArgumentException(function + " is not supported by the local runtime");
        };
    }

    private boolean condition(String name) {
        Object definition = CfnTemplate.map(template.root().get("Conditions")).get(name);
        if (definition == null) {
            throw new IllegalArgumentException("unknown condition " + name);
        }
        return truthy(resolve(definition));
    }

    private static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value));
    }

    private String sub(Object argument) {
        String text;
        Map<String, Object> variables;
        if (argument instanceof List<?> parts) {
            text = String.valueOf(parts.get(0));
            variables = CfnTemplate.map(parts.get(1));
        } else {
            text = String.valueOf(argument);
            variables = Map.of();
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement;
            if (variables.containsKey(name)) {
                replacement = string(variables.get(name));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                int dot = name.indexOf('.');
                replacement = String.valueOf(getAtt(name.substring(0, dot), name.substring(dot + 1)));
            } else {
                replacement = String.valueOf(ref(name));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    /** The value of {@code Ref} for a parameter, pseudo parameter or resource. */
    public Object ref(String name) {
        switch (name) {
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return LocalSqs.ACCOUNT_ID;
            case "AWS::StackName":
                return "creatorflow-local";
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return null;
            default:
                break;
        }
        if (template.parameters().containsKey(name)) {
            String override = parameterOverrides.get(name);
            return override != null ? override : template.parameters().get(name).get("Default");
        }
        if (name.endsWith(".Alias")) {
            String function = name.substring(0, name.length() - ".Alias".length());
            return functionArn(function) + ":live";
        }
        String type = template.typeOf(name);
        if (type == null) {
            throw new IllegalArgumentException("Ref to unknown resource or parameter " + name);
        }
        return switch (type) {
            case "AWS::SQS::Queue" -> queueUrl(name);
            case "AWS::StateMachine", "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" ->
                    stateMachineArn(name);
            default -> physicalName(name);
        };
    }

    /** The value of {@code Fn::GetAtt} for a resource attribute. */
    public Object getAtt(String logicalId, String attribute) {
        String type = template.typeOf(logicalId);
        if (type == null) {
            throw new IllegalArgumentException("GetAtt on unknown resource " + logicalId);
        }
        String name = physicalName(logicalId);
        return switch (type + "." + attribute) {
            case "AWS::SQS::Queue.Arn" -> arn("sqs", name);
            case "AWS::SQS::Queue.QueueName" -> name;
            case "AWS::SQS::Queue.QueueUrl" -> queueUrl(logicalId);
            case "AWS::DynamoDB::Table.Arn" -> arn("dynamodb", "table/" + name);
            case "AWS::DynamoDB::Table.StreamArn" -> arn("dynamodb", "table/" + name + "/stream/local");
            case "AWS::Events::EventBus.Arn" -> arn("events", "event-bus/" + name);
            case "AWS::Events::EventBus.Name" -> name;
            case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn" -> functionArn(logicalId);
            case "AWS::Serverless::StateMachine.Arn", "AWS::StepFunctions::StateMachine.Arn" ->
                    stateMachineArn(logicalId);
            case "AWS::Serverless::StateMachine.Name", "AWS::StepFunctions::StateMachine.Name" -> name;
            case "AWS::Events::Rule.Arn" -> arn("events", "rule/" + name);
            case "AWS::KMS::Key.Arn" -> arn("kms", "key/" + name);
            case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + name;
            case "AWS::Serverless::HttpApi.ApiEndpoint" -> "http://localhost";
            default -> throw new IllegalArgumentException("GetAtt " + logicalId + "." + attribute
                    + " (" + type + ") is not supported by the local runtime");
        };
    }

    /**
     * The local physical name of a resource: its explicit name property, else its logical id (lower-cased for a
     * bucket, as bucket names must be).
     */
    public String physicalName(String logicalId) {
        String type = template.typeOf(logicalId);
        Map<String, Object> properties = CfnTemplate.map(template.resources().get(logicalId).get("Properties"));
        String nameProperty = switch (type) {
            case "AWS::DynamoDB::Table" -> "TableName";
            case "AWS::SQS::Queue" -> "QueueName";
            case "AWS::Events::EventBus", "AWS::Events::Rule" -> "Name";
            case "AWS::Serverless::Function" -> "FunctionName";
            case "AWS::Serverless::StateMachine" -> "Name";
            case "AWS::StepFunctions::StateMachine" -> "StateMachineName";
            case "AWS::S3::Bucket" -> "BucketName";
            default -> null;
        };
        Object explicit = nameProperty == null ? null : properties.get(nameProperty);
        if (explicit != null) {
            return string(explicit);
        }
        if ("AWS::S3::Bucket".equals(type)) {
            return logicalId.toLowerCase(Locale.ROOT);
        }
        boolean fifo = "AWS::SQS::Queue".equals(type) && Boolean.TRUE.equals(properties.get("FifoQueue"));
        return fifo ? logicalId + ".fifo" : logicalId;
    }

    /** The local URL of a queue. */
    public String queueUrl(String logicalId) {
        return sqsEndpoint + "/" + LocalSqs.ACCOUNT_ID + "/" + physicalName(logicalId);
    }

    /** The ARN of a function (a logical id of a function resource). */
    public String functionArn(String logicalId) {
        return arn("lambda", "function:" + physicalName(logicalId));
    }

    /** The ARN of a state machine (a logical id of a state machine resource). */
    public String stateMachineArn(String logicalId) {
        return arn("states", "stateMachine:" + physicalName(logicalId));
    }

    private String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + LocalSqs.ACCOUNT_ID + ":" + resource;
    }
}
