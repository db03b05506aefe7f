package com.creatorflow.local.sfn.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Closed executions in the heap, compressed, in the order they closed; each store drops the ones past their
 * retention and the oldest beyond the count, so the heap holds at most the count.
 */
final class MemoryArchive implements ExecutionArchive {
    private final Retention retention;
    private final LongSupplier clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(String machine, long stopDate, byte[] records) {
    }

    MemoryArchive(Retention retention, LongSupplier clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public synchronized void put(String executionArn, long stopDate, List<ObjectNode> records) {
        entries.remove(executionArn);
        entries.put(executionArn, new Entry(ExecutionArchive.machineName(executionArn), stopDate,
                NdjsonGzip.bytes(records)));
        sweep();
    }

    @Override
    public List<ObjectNode> records(String executionArn, int limit) {
        return read(entry(executionArn), limit);
    }

    @Override
    public List<ObjectNode> headers(String stateMachineArn) {
        String machine = ExecutionArchive.machineName(stateMachineArn);
        List<Entry> matching = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            entries.values().stream().filter(e -> e.machine.equals(machine)
                    && !retention.expired(e.stopDate, now)).forEach(matching::add);
        }
        List<ObjectNode> out = new ArrayList<>(matching.size());
        matching.forEach(entry -> out.addAll(read(entry, 1)));
        return out;
    }

    private synchronized Entry entry(String executionArn) {
        Entry entry = entries.get(executionArn);
        return entry == null || retention.expired(entry.stopDate, clock.getAsLong()) ? null : entry;
    }

    private static List<ObjectNode> read(Entry entry, int limit) {
        if (entry == null) {
            return List.of();
        }
        try {
            return NdjsonGzip.read(new ByteArrayInputStream(entry.records), limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void remove(String executionArn) {
        entries.remove(executionArn);
    }

    @Override
    public synchronized void sweep() {
        long now = clock.getAsLong();
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (oldestFirst.hasNext()) {
            Entry entry = oldestFirst.next();
            if (entries.size() <= retention.maxClosedExecutions() && !retention.expired(entry.stopDate, now)) {
                break;
            }
            oldestFirst.remove();
        }
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }
}
