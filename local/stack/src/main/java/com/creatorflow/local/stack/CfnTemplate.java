package com.creatorflow.local.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation/SAM template read from YAML, with the short-form intrinsic tags ({@code !Ref}, {@code !GetAtt},
 * {@code !Sub}, ...) turned into their long forms ({@code {"Ref": ...}}, {@code {"Fn::GetAtt": [...]}}) so that
 * the rest of the code sees plain maps and lists.
 */
public final class CfnTemplate {
    private static final List<String> FUNCTION_TAGS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "ToJsonString", "Length");

    private final Path path;
    private final Map<String, Object> root;

    private CfnTemplate(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    /** Reads the project's own template.yaml. */
    public static CfnTemplate project() {
        return load(ProjectPaths.template());
    }

    /** Reads a template file. */
    @SuppressWarnings("unchecked")
    public static CfnTemplate load(Path path) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        Yaml yaml = new Yaml(new IntrinsicConstructor(options));
        try (Reader reader = Files.newBufferedReader(path)) {
            Object parsed = yaml.load(reader);
            if (!(parsed instanceof Map)) {
                throw new IllegalArgumentException(path + " is not a YAML mapping");
            }
            return new CfnTemplate(path.toAbsolutePath(), (Map<String, Object>) parsed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The template file. */
    public Path path() {
        return path;
    }

    /** The folder the template lives in; relative paths in the template (CodeUri, DefinitionUri) start here. */
    public Path baseDir() {
        return path.getParent();
    }

    /** The whole parsed document. */
    public Map<String, Object> root() {
        return root;
    }

    /** The Resources section by logical id, in template order. */
    public Map<String, Map<String, Object>> resources() {
        return section("Resources");
    }

    /** The Parameters section by name. */
    public Map<String, Map<String, Object>> parameters() {
        return section("Parameters");
    }

    /** One resource's Properties, merged with the SAM Globals that apply to its type. */
    public Map<String, Object> properties(String logicalId) {
        Map<String, Object> resource = resources().get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("no resource " + logicalId + " in " + path);
        }
        Map<String, Object> own = map(resource.get("Properties"));
        String globalsKey = switch (String.valueOf(resource.get("Type"))) {
            case "AWS::Serverless::Function" -> "Function";
            case "AWS::Serverless::StateMachine" -> "StateMachine";
            case "AWS::Serverless::HttpApi" -> "HttpApi";
            case "AWS::Serverless::SimpleTable" -> "SimpleTable";
            default -> null;
        };
        if (globalsKey == null) {
            return own;
        }
        Map<String, Object> globals = map(map(root.get("Globals")).get(globalsKey));
        return mergeGlobals(globals, own);
    }

    /** Logical ids of every resource of a type, in template order. */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The resource type of a logical id, or null when there is no such resource. */
    public String typeOf(String logicalId) {
        Map<String, Object> resource = resources().get(logicalId);
        return resource == null ? null : String.valueOf(resource.get("Type"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> section(String name) {
        Object section = root.get(name);
        return section == null ? Map.of() : (Map<String, Map<String, Object>>) section;
    }

    /** Views an optional YAML value as a map (empty when absent). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    /** Views an optional YAML value as a list (empty when absent). */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List ? (List<Object>) value : List.of();
    }

    /** SAM's rule: maps merge key by key (the resource wins), everything else is replaced by the resource's value. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeGlobals(Map<String, Object> globals, Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        own.forEach((key, value) -> {
            Object global = merged.get(key);
            if (global instanceof Map && value instanceof Map && !isIntrinsic((Map<String, Object>) value)) {
                merged.put(key, mergeGlobals((Map<String, Object>) global, (Map<String, Object>) value));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** True when a map is an intrinsic function call such as {@code {"Ref": "X"}}. */
    public static boolean isIntrinsic(Map<String, Object> value) {
        if (value.size() != 1) {
            return false;
        }
        String key = value.keySet().iterator().next();
        return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
    }

    /** Builds long-form intrinsic maps from the YAML short-form tags. */
    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : FUNCTION_TAGS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                    if (key.equals("Fn::GetAtt")) {
                        String text = (String) value;
                        int dot = text.indexOf('.');
                        value = dot < 0 ? List.of(text) : List.of(text.substring(0, dot), text.substring(dot + 1));
                    }
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(key, value);
                return intrinsic;
            }
        }
    }
}
