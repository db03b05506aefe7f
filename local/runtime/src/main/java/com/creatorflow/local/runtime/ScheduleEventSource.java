package com.creatorflow.local.runtime;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.creatorflow.local.stack.CfnTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.DateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local EventBridge scheduler for functions' {@code Schedule} events: {@code rate(N minute|minutes|hour|hours|
 * day|days)} invokes the function with a {@link ScheduledEvent} every period, the first time one period after start
 * (as EventBridge does). {@code cron(...)} expressions are not supported locally: they are refused with a logged
 * message naming the function, and the rest of the runtime starts.
 */
public final class ScheduleEventSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleEventSource.class);
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");

    private final ScheduledExecutorService timer;
    private final List<String> scheduled = new ArrayList<>();

    private ScheduleEventSource() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "schedule-events");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Schedules every {@code Schedule} event of the template's functions. */
    static ScheduleEventSource start(CfnTemplate template, FunctionRegistry functions) {
        ScheduleEventSource source = new ScheduleEventSource();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> events = CfnTemplate.map(template.properties(function).get("Events"));
            events.forEach((name, raw) -> {
                Map<String, Object> event = CfnTemplate.map(raw);
                if ("Schedule".equals(event.get("Type"))) {
                    String expression = String.valueOf(CfnTemplate.map(event.get("Properties")).get("Schedule"));
                    source.schedule(functions.get(function), name, expression);
                }
            });
        }
        return source;
    }

    /** The period of a rate expression. */
    static Duration period(String expression) {
        Matcher matcher = RATE.matcher(expression.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("schedule " + expression + " is not supported locally: only "
                    + "rate(N minutes|hours|days) runs in the local runtime (cron expressions do not)");
        }
        long amount = Long.parseLong(matcher.group(1));
        if (amount < 1) {
            throw new IllegalArgumentException("schedule " + expression + " must have a positive rate");
        }
        return switch (matcher.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(amount);
            case "hour", "hours" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private void schedule(LocalFunction function, String eventName, String expression) {
        Duration period;
        try {
            period = period(expression);
        } catch (IllegalArgumentException e) {
            LOG.warn("{} event {} of {} is not scheduled: {}", "Schedule", eventName, function.name(), e.getMessage());
            return;
        }
        timer.scheduleAtFixedRate(() -> fire(function), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        scheduled.add(function.name() + " " + expression);
    }

    /** Invokes a function once with a scheduled event, as EventBridge would. */
    static Object fire(LocalFunction function) {
        ScheduledEvent event = new ScheduledEvent();
        event.setId(UUID.randomUUID().toString());
        event.setDetailType("Scheduled Event");
        event.setSource("aws.events");
        event.setAccount("000000000000");
        event.setRegion("us-east-1");
        event.setTime(DateTime.now());
        event.setResources(List.of("arn:aws:events:us-east-1:000000000000:rule/" + function.name()));
        event.setDetail(Map.of());
        try {
            return function.invoke(event);
        } catch (RuntimeException e) {
            LOG.warn("scheduled invocation of {} failed: {}", function.name(), e.toString());
            return null;
        }
    }

    /** The schedules running ("Function rate(...)"). */
    List<String> scheduled() {
        return List.copyOf(scheduled);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
