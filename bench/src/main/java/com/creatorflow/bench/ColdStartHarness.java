package com.creatorflow.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The smallest stand-in for Lambda's Java runtime, for cold-start measurements: in a fresh JVM whose class path is a
 * function's jar (plus Lambda's event serialisation library, which the runtime provides), it builds the handler with
 * its no-argument constructor (configured from the process environment, as in Lambda), optionally runs the SnapStart
 * priming hook (the CRaC {@code beforeCheckpoint} of {@code SnapStartPriming}), then calls {@code handleRequest} with a sample
 * event twice and prints one line of timings. Everything is reflective, so that the same class file (compiled for
 * Java 17) runs against any function jar on Java 17 or 25.
 *
 * <p>Arguments: handler class, event file, {@code plain} or {@code prime}.
 */
public final class ColdStartHarness {
    private ColdStartHarness() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = System.nanoTime();
        ClassLoader loader = ColdStartHarness.class.getClassLoader();
        Object handler = Class.forName(args[0], true, loader).getConstructor().newInstance();
        long constructed = System.nanoTime();
        if (args[2].equals("prime")) {
            prime(loader);
        }
        long primed = System.nanoTime();
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        String outcome = invoke(handler, event, loader);
        long first = System.nanoTime();
        invoke(handler, event, loader);
        long second = System.nanoTime();
        double startToMain = ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - mainAt) / 1e6;
        System.out.println(String.format(Locale.ROOT, "COLDSTART jvm_to_main=%.1f construct=%.1f prime=%.1f "
                + "first=%.1f second=%.1f outcome=%s", startToMain, ms(constructed - mainAt), ms(primed - constructed),
                ms(first - primed), ms(second - first), outcome));
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /**
     * Runs the SnapStart priming hook the handler's constructor registered ({@code SnapStartPriming}, the project's
     * one CRaC resource). Without a CRaC JVM, org.crac keeps no resources and its global context refuses to be
     * called, so the hook is called as Lambda's checkpoint would call it.
     */
    private static void prime(ClassLoader loader) throws Exception {
        Field registered = Class.forName("com.creatorflow.shared.config.SnapStartPriming", true, loader)
                .getDeclaredField("registered");
        registered.setAccessible(true);
        Object hook = registered.get(null);
        if (hook == null) {
            throw new IllegalStateException("the handler registered no SnapStart priming hook");
        }
        Class.forName("org.crac.Resource", true, loader).getMethod("beforeCheckpoint",
                Class.forName("org.crac.Context", true, loader)).invoke(hook, (Object) null);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** One invocation; answers "ok" or the error's class name (what Lambda reports as the error type). */
    private static String invoke(Object handler, byte[] event, ClassLoader loader) throws Exception {
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", true, loader);
        Object context = context(contextType, loader);
        try {
            for (Method method : handler.getClass().getMethods()) {
                if (!method.getName().equals("handleRequest") || method.isBridge()) {
                    continue;
                }
                if (method.getParameterCount() == 3) {
                    method.invoke(handler, new ByteArrayInputStream(event), new ByteArrayOutputStream(), context);
                    return "ok";
                }
                if (method.getParameterCount() == 2) {
                    method.invoke(handler, fromJson(method.getParameterTypes()[0], event, loader), context);
                    return "ok";
                }
            }
            throw new IllegalArgumentException(handler.getClass().getName() + " has no handleRequest");
        } catch (InvocationTargetException e) {
            return e.getCause().getClass().getName();
        }
    }

    /** The event as the runtime gives it to a typed handler: through Lambda's own serialisers. */
    private static Object fromJson(Class<?> type, byte[] event, ClassLoader loader) throws Exception {
        Object serializer = Class.forName("com.amazonaws.services.lambda.runtime.serialization.events"
                + ".LambdaEventSerializers", true, loader).getMethod("serializerFor", Class.class, ClassLoader.class)
                .invoke(null, type, loader);
        Method fromJson = Class.forName("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer", true,
                loader).getMethod("fromJson", InputStream.class);
        return fromJson.invoke(serializer, new ByteArrayInputStream(event));
    }

    /** A Lambda context: request id, function name, 1024 MB, 30 s left, a logger that prints nothing. */
    private static Object context(Class<?> contextType, ClassLoader loader) throws Exception {
        Class<?> loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", true, loader);
        Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (proxy, method, args) -> null);
        String function = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "function");
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getAwsRequestId" -> "coldstart-" + System.nanoTime();
                    case "getFunctionName", "getLogGroupName" -> function;
                    case "getFunctionVersion" -> "$LATEST";
                    case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:000000000000:function:" + function;
                    case "getLogStreamName" -> "coldstart";
                    case "getRemainingTimeInMillis" -> 30_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getLogger" -> logger;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "ColdStartContext";
                    default -> null;
                });
    }
}
