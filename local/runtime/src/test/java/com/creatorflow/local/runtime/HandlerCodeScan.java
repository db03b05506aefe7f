package com.creatorflow.local.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What a Lambda handler's code can do with DynamoDB and Step Functions task tokens, read from the compiled classes.
 *
 * <p>From the handler class it follows the calls that can run (rapid type analysis: a virtual call reaches the
 * overriding methods of the project's classes that reachable code instantiates; lambdas are followed to their
 * bodies; methods the JDK or the Lambda runtime may call back, such as {@code handleRequest} or {@code run}, count
 * when their class is instantiated). In the reachable methods it records the DynamoDB operations (a request or
 * transaction item builder given a {@code tableName}, and {@code batchGetItem}/{@code batchWriteItem}) and the
 * string constants. A table variable such as {@code "ORDERS_TABLE"} belongs to the class constructed around it
 * ({@code new OrderRepository(dynamo, env.require("ORDERS_TABLE"), ...)}), or to the class that reads it outside a
 * constructor call; a class with operations but no variable of its own works for the classes that construct or
 * call it. A table's actions are the operations of its classes. This over-approximates (a class with two tables
 * gets the operations of both), so it proves a grant unneeded, never needed.
 */
final class HandlerCodeScan {
    private static final String PROJECT = "com/creatorflow/";
    private static final String DYNAMO_MODEL = "software/amazon/awssdk/services/dynamodb/model/";
    private static final String DYNAMO_CLIENT = "software/amazon/awssdk/services/dynamodb/DynamoDbClient";
    private static final String SFN_CLIENT = "software/amazon/awssdk/services/sfn/SfnClient";
    private static final Pattern TABLE_VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*_TABLE");
    private static final Map<String, String> BUILDER_ACTIONS = Map.ofEntries(
            Map.entry("GetItemRequest$Builder", "GetItem"), Map.entry("PutItemRequest$Builder", "PutItem"),
            Map.entry("UpdateItemRequest$Builder", "UpdateItem"),
            Map.entry("DeleteItemRequest$Builder", "DeleteItem"), Map.entry("QueryRequest$Builder", "Query"),
            Map.entry("ScanRequest$Builder", "Scan"), Map.entry("Put$Builder", "PutItem"),
            Map.entry("Update$Builder", "UpdateItem"), Map.entry("Delete$Builder", "DeleteItem"),
            Map.entry("ConditionCheck$Builder", "ConditionCheckItem"), Map.entry("Get$Builder", "GetItem"));
    private static final Map<String, String> CLIENT_ACTIONS = Map.of("batchGetItem", "BatchGetItem",
            "batchWriteItem", "BatchWriteItem");
    private static final Map<String, String> TASK_TOKEN_ACTIONS = Map.of("sendTaskSuccess", "SendTaskSuccess",
            "sendTaskFailure", "SendTaskFailure", "sendTaskHeartbeat", "SendTaskHeartbeat");

    private final ClassLoader loader;
    private final Map<String, ClassFacts> classes = new HashMap<>();

    HandlerCodeScan(ClassLoader loader) {
        this.loader = loader;
    }

    /** What the code reachable from one handler class does. */
    Access scan(String handlerClassName) {
        return new Reachability(handlerClassName.replace('.', '/')).run();
    }

    /**
     * @param tables DynamoDB actions by table variable (for example {@code ORDERS_TABLE -> [GetItem, Query]})
     * @param strings string constants by table variable (index names are among them)
     * @param taskTokenActions Step Functions task token actions called ({@code SendTaskSuccess}, ...)
     * @param reachedClasses the project classes (binary names) with a method the handler's code can reach
     */
    record Access(Map<String, Set<String>> tables, Map<String, Set<String>> strings, Set<String> taskTokenActions,
                  Set<String> reachedClasses) {
    }

    private final class Reachability {
        private final String handler;
        private final Set<String> instantiated = new HashSet<>();
        private final Set<MethodRef> reached = new LinkedHashSet<>();
        private final Deque<MethodRef> work = new ArrayDeque<>();
        private final List<MethodRef> virtualCalls = new ArrayList<>();
        private final Map<String, Set<String>> ownTables = new HashMap<>();
        private final Map<String, Set<String>> usedBy = new HashMap<>();
        private final Map<String, Set<String>> actions = new HashMap<>();
        private final Map<String, Set<String>> strings = new HashMap<>();
        private final Set<String> taskTokenActions = new TreeSet<>();

        Reachability(String handler) {
            this.handler = handler;
        }

        Access run() {
            ClassFacts facts = facts(handler);
            if (facts == null) {
                throw new IllegalArgumentException("handler class " + handler + " is not on the class path");
            }
            instantiate(handler);
            facts.methods.keySet().forEach(signature -> reach(new MethodRef(handler, signature)));
            while (!work.isEmpty()) {
                visit(work.pop());
            }
            Set<String> reachedClasses = new TreeSet<>();
            reached.forEach(method -> reachedClasses.add(method.owner().replace('/', '.')));
            return new Access(perTable(actions), perTable(strings), taskTokenActions, reachedClasses);
        }

        private void visit(MethodRef method) {
            MethodFacts body = facts(method.owner()).methods.get(method.signature());
            body.newTypes.forEach(this::instantiate);
            body.calls.forEach(call -> {
                if (call.virtual()) {
                    virtualCalls.add(call.target());
                    instantiated.forEach(type -> dispatch(call.target(), type));
                } else {
                    MethodRef target = resolve(call.target().owner(), call.target().signature());
                    if (target != null) {
                        reach(target);
                    }
                }
                String owner = call.target().owner();
                if (owner.startsWith(PROJECT) && !owner.equals(method.owner())) {
                    usedBy.computeIfAbsent(owner, k -> new HashSet<>()).add(method.owner());
                }
                String name = call.target().signature().substring(0, call.target().signature().indexOf('('));
                if (owner.equals(SFN_CLIENT) && TASK_TOKEN_ACTIONS.containsKey(name)) {
                    taskTokenActions.add(TASK_TOKEN_ACTIONS.get(name));
                }
            });
            body.newTypes.stream().filter(type -> type.startsWith(PROJECT) && !type.equals(method.owner()))
                    .forEach(type -> usedBy.computeIfAbsent(type, k -> new HashSet<>()).add(method.owner()));
            body.lambdas.forEach(this::reach);
            body.tableVariables.forEach((type, variables) -> ownTables.computeIfAbsent(type == null
                    ? method.owner() : type, k -> new TreeSet<>()).addAll(variables));
            actions.computeIfAbsent(method.owner(), k -> new TreeSet<>()).addAll(body.actions);
            strings.computeIfAbsent(method.owner(), k -> new TreeSet<>()).addAll(body.strings);
        }

        private void instantiate(String type) {
            if (!type.startsWith(PROJECT) || !instantiated.add(type)) {
                return;
            }
            ClassFacts facts = facts(type);
            if (facts == null) {
                return;
            }
            reachStaticInit(type);
            List.copyOf(virtualCalls).forEach(call -> dispatch(call, type));
            callbacks(type).forEach(signature -> {
                MethodRef target = resolve(type, signature);
                if (target != null) {
                    reach(target);
                }
            });
        }

        private void reachStaticInit(String type) {
            for (String t = type; t != null && t.startsWith(PROJECT); ) {
                ClassFacts facts = facts(t);
                if (facts == null) {
                    return;
                }
                if (facts.methods.containsKey("<clinit>()V")) {
                    reach(new MethodRef(t, "<clinit>()V"));
                }
                t = facts.superName;
            }
        }

        private void dispatch(MethodRef call, String type) {
            if (isSubtype(type, call.owner())) {
                MethodRef target = resolve(type, call.signature());
                if (target != null) {
                    reach(target);
                }
            }
        }

        private void reach(MethodRef method) {
            if (method.owner().startsWith(PROJECT) && facts(method.owner()) != null
                    && facts(method.owner()).methods.containsKey(method.signature()) && reached.add(method)) {
                reachStaticInit(method.owner());
                work.push(method);
            }
        }

        /** Table variable to the union of what the classes working for it do. */
        private Map<String, Set<String>> perTable(Map<String, Set<String>> byClass) {
            Map<String, Set<String>> out = new TreeMap<>();
            byClass.forEach((type, values) -> tablesOf(type, new HashSet<>()).forEach(
                    table -> out.computeIfAbsent(table, k -> new TreeSet<>()).addAll(values)));
            return out;
        }

        private Set<String> tablesOf(String type, Set<String> seen) {
            Set<String> own = ownTables.getOrDefault(type, Set.of());
            if (!own.isEmpty() || !seen.add(type)) {
                return own;
            }
            Set<String> inherited = new TreeSet<>();
            usedBy.getOrDefault(type, Set.of()).forEach(user -> inherited.addAll(tablesOf(user, seen)));
            return inherited;
        }
    }

    /** The method a call on {@code type} runs: declared there or inherited (superclasses, then default methods). */
    private MethodRef resolve(String type, String signature) {
        for (String t = type; t != null; ) {
            ClassFacts facts = facts(t);
            if (facts == null) {
                return null;
            }
            MethodFacts method = facts.methods.get(signature);
            if (method != null && !method.isAbstract) {
                return new MethodRef(t, signature);
            }
            t = facts.superName;
        }
        for (String candidate : allInterfaces(type)) {
            ClassFacts facts = facts(candidate);
            MethodFacts method = facts == null ? null : facts.methods.get(signature);
            if (method != null && !method.isAbstract) {
                return new MethodRef(candidate, signature);
            }
        }
        return null;
    }

    private Set<String> allInterfaces(String type) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            ClassFacts facts = facts(todo.pop());
            if (facts == null) {
                continue;
            }
            if (facts.superName != null) {
                todo.add(facts.superName);
            }
            for (String i : facts.interfaces) {
                if (out.add(i)) {
                    todo.add(i);
                }
            }
        }
        return out;
    }

    private boolean isSubtype(String type, String ancestor) {
        if (type.equals(ancestor)) {
            return true;
        }
        for (String t = type; t != null; ) {
            ClassFacts facts = facts(t);
            if (facts == null) {
                break;
            }
            if (ancestor.equals(facts.superName)) {
                return true;
            }
            t = facts.superName;
        }
        return allInterfaces(type).contains(ancestor);
    }

    /**
     * Methods of a project class that code outside the project may call on its instances: those overriding a method
     * of a JDK or library type it extends or implements ({@code handleRequest}, {@code run}, {@code apply}, ...).
     */
    private Set<String> callbacks(String type) {
        Set<String> out = new HashSet<>();
        Class<?> cls;
        try {
            cls = Class.forName(type.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return out;
        }
        Set<String> foreign = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(cls));
        Set<Class<?>> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!seen.add(c)) {
                continue;
            }
            if (!c.getName().startsWith("com.creatorflow.")) {
                for (Method m : c.getDeclaredMethods()) {
                    if (!Modifier.isStatic(m.getModifiers()) && !Modifier.isPrivate(m.getModifiers())) {
                        foreign.add(m.getName() + Type.getMethodDescriptor(m));
                    }
                }
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        for (Class<?> c = cls; c != null && c.getName().startsWith("com.creatorflow."); c = c.getSuperclass()) {
            ClassFacts facts = facts(Type.getInternalName(c));
            if (facts != null) {
                facts.methods.keySet().stream().filter(foreign::contains).forEach(out::add);
            }
        }
        return out;
    }

    private ClassFacts facts(String type) {
        if (!type.startsWith(PROJECT)) {
            return null;
        }
        return classes.computeIfAbsent(type, this::read);
    }

    private ClassFacts read(String type) {
        try (InputStream in = loader.getResourceAsStream(type + ".class")) {
            if (in == null) {
                return null;
            }
            ClassFacts facts = new ClassFacts();
            new ClassReader(in).accept(new FactsReader(facts), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return facts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record MethodRef(String owner, String signature) {
    }

    private record Call(MethodRef target, boolean virtual) {
    }

    private static final class ClassFacts {
        String superName;
        List<String> interfaces = List.of();
        final Map<String, MethodFacts> methods = new HashMap<>();
    }

    private static final class MethodFacts {
        boolean isAbstract;
        final List<Call> calls = new ArrayList<>();
        final Set<String> newTypes = new LinkedHashSet<>();
        final List<MethodRef> lambdas = new ArrayList<>();
        final Set<String> actions = new TreeSet<>();
        final Set<String> strings = new TreeSet<>();
        /** Table variables by the class whose constructor call they appear in (null: outside any). */
        final Map<String, Set<String>> tableVariables = new HashMap<>();
    }

    private static final class FactsReader extends ClassVisitor {
        private final ClassFacts facts;

        FactsReader(ClassFacts facts) {
            super(Opcodes.ASM9);
            this.facts = facts;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            facts.superName = superName;
            facts.interfaces = interfaces == null ? List.of() : List.of(interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodFacts method = new MethodFacts();
            method.isAbstract = (access & Opcodes.ACC_ABSTRACT) != 0;
            facts.methods.put(name + descriptor, method);
            return new MethodReader(method);
        }
    }

    private static final class MethodReader extends MethodVisitor {
        private final MethodFacts method;
        private final Deque<String> pendingNew = new ArrayDeque<>();

        MethodReader(MethodFacts method) {
            super(Opcodes.ASM9);
            this.method = method;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW) {
                method.newTypes.add(type);
                pendingNew.push(type);
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>") && owner.equals(pendingNew.peek())) {
                pendingNew.pop();
            }
            boolean virtual = opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
            method.calls.add(new Call(new MethodRef(owner, name + descriptor), virtual));
            if (owner.startsWith(DYNAMO_MODEL) && name.equals("tableName")) {
                String action = BUILDER_ACTIONS.get(owner.substring(DYNAMO_MODEL.length()));
                if (action != null) {
                    method.actions.add(action);
                }
            }
            if (owner.equals(DYNAMO_CLIENT) && CLIENT_ACTIONS.containsKey(name)) {
                method.actions.add(CLIENT_ACTIONS.get(name));
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            for (Object argument : arguments) {
                if (argument instanceof Handle handle) {
                    method.lambdas.add(new MethodRef(handle.getOwner(), handle.getName() + handle.getDesc()));
                }
            }
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof String text) {
                method.strings.add(text);
                if (TABLE_VARIABLE.matcher(text).matches()) {
                    method.tableVariables.computeIfAbsent(pendingNew.peek(), k -> new TreeSet<>()).add(text);
                }
            }
        }
    }
}
