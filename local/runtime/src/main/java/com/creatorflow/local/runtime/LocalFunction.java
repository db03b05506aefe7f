package com.creatorflow.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.config.Env;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * One function of the template, run in-process. Like Lambda it keeps a pool of handler instances (execution
 * environments): an invocation takes an idle one or creates one (a cold start, built with the handler's {@link Env}
 * constructor), and never shares an instance between two concurrent invocations. Payloads cross the boundary as JSON,
 * converted with Lambda's own event serializers, so a handler sees what it would see in AWS.
 */
public final class LocalFunction {
    /**
     * The Lambda runtime's serializer per event class, built once: building one sets up a Jackson mapper with the
     * event mixins, which cost more than the (de)serialisation itself when done per invocation.
     */
    @SuppressWarnings("rawtypes")
    private static final ClassValue<PojoSerializer> SERIALIZERS = new ClassValue<>() {
        @Override
        protected PojoSerializer computeValue(Class<?> type) {
            return LambdaEventSerializers.serializerFor(type, LocalFunction.class.getClassLoader());
        }
    };

    private static final ThreadLocal<String> RUNNING = new ThreadLocal<>();
    private final String name;
    private final Class<?> handlerClass;
    private final Env env;
    private final int memoryMb;
    private final int timeoutSeconds;
    private final Class<?> inputType;
    private final ConcurrentLinkedDeque<Object> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger coldStarts = new AtomicInteger();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final LongAdder busyNanos = new LongAdder();

    LocalFunction(String name, Class<?> handlerClass, Env env, int memoryMb, int timeoutSeconds) {
        this.name = name;
        this.handlerClass = handlerClass;
        this.env = env;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
        this.inputType = RequestStreamHandler.class.isAssignableFrom(handlerClass) ? null : inputTypeOf(handlerClass);
    }

    /** The function's name (its logical id). */
    public String name() {
        return name;
    }

    /** The environment the function's handlers are built with. */
    public Env env() {
        return env;
    }

    /** Invokes with a typed event (API Gateway, SQS, ...), returning the handler's typed result. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object invoke(Object event) {
        return run((handler, context) -> {
            if (handler instanceof RequestHandler requestHandler) {
                return requestHandler.handleRequest(event, context);
            }
            return stream((RequestStreamHandler) handler, serialize(event), context);
        });
    }

    /**
     * Invokes with a JSON payload, as Step Functions and EventBridge do, returning the JSON result. A thrown
     * exception propagates; its class name is the Lambda error type.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public byte[] invokeJson(byte[] payload) {
        return run((handler, context) -> {
            if (handler instanceof RequestStreamHandler streamHandler) {
                return stream(streamHandler, payload, context);
            }
            PojoSerializer in = serializerFor(inputType);
            Object result = ((RequestHandler) handler).handleRequest(in.fromJson(new ByteArrayInputStream(payload)),
                    context);
            return serialize(result);
        });
    }

    /** One invocation on an idle (or new) handler instance, counted and timed as Lambda would bill it. */
    private <T> T run(BiFunction<Object, Context, T> call) {
        Object handler = acquire();
        invocations.incrementAndGet();
        String outer = RUNNING.get();
        RUNNING.set(name);
        long started = System.nanoTime();
        try {
            return call.apply(handler, new LocalLambdaContext(name, memoryMb, timeoutSeconds));
        } catch (RuntimeException | Error e) {
            errors.incrementAndGet();
            throw e;
        } finally {
            busyNanos.add(System.nanoTime() - started);
            if (outer == null) {
                RUNNING.remove();
            } else {
                RUNNING.set(outer);
            }
            idle.push(handler);
        }
    }

    private static byte[] stream(RequestStreamHandler handler, byte[] payload, Context context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(payload), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] serialize(Object value) {
        if (value == null) {
            return "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PojoSerializer serializer = serializerFor(value.getClass());
        serializer.toJson(value, out);
        return out.toByteArray();
    }

    @SuppressWarnings("rawtypes")
    private static PojoSerializer serializerFor(Class<?> type) {
        return SERIALIZERS.get(type);
    }

    private Object acquire() {
        Object handler = idle.poll();
        if (handler != null) {
            return handler;
        }
        coldStarts.incrementAndGet();
        try {
            return handlerClass.getConstructor(Env.class).newInstance(env);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(handlerClass.getName()
                    + " needs a public constructor taking Env (see docs/architecture.md)", e);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot initialise " + name + ": " + cause.getMessage(), cause);
        }
    }

    private static Class<?> inputTypeOf(Class<?> handlerClass) {
        for (Type type : handlerClass.getGenericInterfaces()) {
            if (type instanceof ParameterizedType parameterized
                    && parameterized.getRawType() == RequestHandler.class
                    && parameterized.getActualTypeArguments()[0] instanceof Class<?> input) {
                return input;
            }
        }
        for (Method method : handlerClass.getMethods()) {
            if (method.getName().equals("handleRequest") && method.getParameterCount() == 2
                    && !method.isBridge()) {
                return method.getParameterTypes()[0];
            }
        }
        throw new IllegalArgumentException(handlerClass.getName() + " is not a Lambda handler");
    }

    /** Invocations so far. */
    public long invocations() {
        return invocations.get();
    }

    /** Invocations that threw. */
    public long errors() {
        return errors.get();
    }

    /** Wall time spent in handlers so far, summed over invocations (what Lambda bills as duration). */
    public Duration busyTime() {
        return Duration.ofNanos(busyNanos.sum());
    }

    /**
     * The function whose handler runs on the calling thread, if any: its own calls to AWS services are made on that
     * thread, so per-function usage (store writes, requests) can be told apart in one process.
     */
    public static Optional<String> running() {
        return Optional.ofNullable(RUNNING.get());
    }

    /** Handler instances created (cold starts). */
    public int coldStarts() {
        return coldStarts.get();
    }
}
