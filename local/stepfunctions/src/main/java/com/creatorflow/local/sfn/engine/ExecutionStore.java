package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.store.ExecutionArchive;
import com.creatorflow.local.sfn.store.Journal;
import com.creatorflow.local.sfn.store.Retention;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where executions live. Running ones (and closed ones until they are archived) are in the heap and journaled; an
 * execution that closes moves to the {@link ExecutionArchive} (its history read only when asked for), leaving a
 * bounded cache of recent views in the heap; an archived one past its {@link Retention} is gone, as in AWS. The
 * journal is compacted once its segment grows past a threshold: a new segment starts with the state machines and a
 * snapshot of every execution in the heap, and the older segments are deleted. So the heap, the journal and the
 * time a restart takes depend on the running executions, not on how many finished.
 */
final class ExecutionStore {
    private static final int RECENT_VIEWS = 256;

    private final Journal journal;
    private final ExecutionArchive archive;
    private final Retention retention;
    private final Scheduler scheduler;
    private final Map<String, StateMachine> machines;
    private final long compactionBytes;
    private final Map<String, Execution> live = new ConcurrentHashMap<>();
    private final Map<String, Set<Execution>> byMachine = new ConcurrentHashMap<>();
    private final Map<String, ExecutionView> recent;
    private final AtomicBoolean compacting = new AtomicBoolean();
    private final AtomicLong compactions = new AtomicLong();
    private volatile long compactAt;
    private volatile boolean closed;

    ExecutionStore(Journal journal, ExecutionArchive archive, Retention retention, Scheduler scheduler,
                   Map<String, StateMachine> machines, long compactionBytes) {
        this.journal = journal;
        this.archive = archive;
        this.retention = retention;
        this.scheduler = scheduler;
        this.machines = machines;
        this.compactionBytes = compactionBytes;
        this.compactAt = compactionBytes;
        int recentViews = Math.min(RECENT_VIEWS, retention.maxClosedExecutions());
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ExecutionView> eldest) {
                return size() > recentViews;
            }
        };
    }

    // ------------------------------------------------------------------ lookups

    /** The execution in the heap under this ARN, or null when there is none or it was archived. */
    Execution live(String arn) {
        Execution x = arn == null ? null : live.get(arn);
        return x == null || x.retired ? null : x;
    }

    /** DescribeExecution's view, from the heap, the recent views or the archive; null when there is none. */
    ExecutionView view(String arn) {
        Execution x = live(arn);
        if (x != null) {
            synchronized (x) {
                if (!x.retired) {
                    return x.view();
                }
            }
        }
        return closedView(arn);
    }

    /** The view of a closed, archived execution within its retention, or null. */
    ExecutionView closedView(String arn) {
        if (arn == null) {
            return null;
        }
        ExecutionView cached;
        synchronized (recent) {
            cached = recent.get(arn);
        }
        if (cached != null) {
            return retention.expired(cached.stopDate(), scheduler.now()) ? null : cached;
        }
        ObjectNode header = archive.header(arn);
        return header == null ? null : Records.view(header);
    }

    /** The history of an execution, oldest first; null when there is none. */
    List<HistoryEvent> history(String arn) {
        Execution x = live(arn);
        if (x != null) {
            synchronized (x) {
                if (!x.retired) {
                    return List.copyOf(x.history);
                }
            }
        }
        List<ObjectNode> records = archive.records(arn);
        if (records.isEmpty()) {
            return null;
        }
        List<HistoryEvent> events = new ArrayList<>(records.size());
        for (ObjectNode record : records) {
            if ("ev".equals(record.path("k").asText())) {
                events.add(Records.event(record));
            }
        }
        return events;
    }

    /** A state machine's executions within retention, in no order: the heap's, then the archive's. */
    List<ExecutionView> list(String stateMachineArn) {
        Map<String, ExecutionView> byArn = new LinkedHashMap<>();
        for (ObjectNode header : archive.headers(stateMachineArn)) {
            ExecutionView view = Records.view(header);
            byArn.put(view.executionArn(), view);
        }
        for (Execution x : byMachine.getOrDefault(stateMachineArn, Set.of())) {
            synchronized (x) {
                if (!x.retired) {
                    byArn.put(x.arn, x.view());
                }
            }
        }
        return new ArrayList<>(byArn.values());
    }

    // ------------------------------------------------------------------ changes

    /** A new execution (or one rebuilt at start or for a redrive) joins the heap. */
    void add(Execution x) {
        live.put(x.arn, x);
        byMachine.computeIfAbsent(x.stateMachine.arn(), k -> ConcurrentHashMap.newKeySet()).add(x);
    }

    /** Journals what an execution's step changed; starts a compaction when the segment has grown enough. */
    void record(List<ObjectNode> records) {
        if (!journal.durable() || closed) {
            return;
        }
        journal.append(records);
        compactWhenDue();
    }

    /**
     * Compacts off the caller's thread once the journal's segment passes its threshold, and again at once if it grew
     * past the new one while compacting, so the journal stays bounded when appends outrun a compaction.
     */
    private void compactWhenDue() {
        if (!closed && journal.segmentBytes() > compactAt && compacting.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                try {
                    compact();
                } finally {
                    compacting.set(false);
                }
                compactWhenDue();
            });
        }
    }

    /**
     * Moves a closed execution to the archive, then drops it from the heap but for its view among the recent ones.
     * Called under the execution's monitor, by the commit of the step that closed it.
     */
    void retire(Execution x) {
        synchronized (x) {
            if (closed || x.retired || !x.status.closed()) {
                return;
            }
            archive.put(x.arn, x.stopDate, Records.snapshot(x));
            x.retired = true;
            if (journal.durable() && !x.express()) {
                record(List.of(Records.archived(x.arn)));
            }
            ExecutionView view = x.view();
            synchronized (recent) {
                recent.put(x.arn, view);
            }
        }
        live.remove(x.arn, x);
        Set<Execution> running = byMachine.get(x.stateMachine.arn());
        if (running != null) {
            running.remove(x);
        }
    }

    /**
     * Brings an archived execution back into the heap (to redrive it), journaled whole so that a restart finds it.
     *
     * @throws SfnException {@code ExecutionDoesNotExist} when there is none within retention
     */
    synchronized Execution restore(String arn) {
        Execution x = live(arn);
        if (x != null) {
            return x;
        }
        List<ObjectNode> records = archive.records(arn);
        if (records.isEmpty()) {
            throw StepFunctionsEngine.doesNotExist(arn);
        }
        List<HistoryEvent> events = new ArrayList<>();
        List<ObjectNode> frames = new ArrayList<>();
        for (ObjectNode record : records.subList(1, records.size())) {
            switch (record.path("k").asText()) {
                case "ev" -> events.add(Records.event(record));
                case "fr" -> frames.add(record);
                default -> {
                }
            }
        }
        x = Records.restore(records.get(0), events, frames, machines);
        synchronized (x) {
            record(Records.snapshot(x));
        }
        add(x);
        archive.remove(arn);
        synchronized (recent) {
            recent.remove(arn);
        }
        return x;
    }

    /** Archives an execution found closed in the journal at start (it closed just before a stop). */
    void archiveAtStart(Execution x) {
        archive.put(x.arn, x.stopDate, Records.snapshot(x));
    }

    /**
     * Starts a new journal segment with the state machines and a snapshot of every execution in the heap, then
     * deletes the older segments. Steps that run meanwhile append to the new segment, after or before their
     * execution's snapshot; a replay keeps the last header and frame checkpoints and each event id once.
     */
    void compact() {
        if (!journal.durable()) {
            return;
        }
        synchronized (compacting) {
            compactNow();
        }
    }

    private void compactNow() {
        long segment;
        long snapshotBytes;
        synchronized (machines) {
            segment = journal.startSegment(machines.values().stream().map(Records::stateMachine).toList());
            snapshotBytes = journal.segmentBytes();
        }
        for (Execution x : live.values()) {
            synchronized (x) {
                if (!x.retired && !x.express()) {
                    snapshotBytes += journal.append(Records.snapshot(x));
                }
            }
        }
        journal.deleteSegmentsBefore(segment);
        compactAt = Math.max(compactionBytes, 2 * snapshotBytes);
        compactions.incrementAndGet();
    }

    /** Deletes archived executions past their retention (at start, off the caller's thread). */
    void sweepArchiveLater() {
        scheduler.execute(archive::sweep);
    }

    /** Executions in the heap. */
    int inMemory() {
        return live.size();
    }

    /** Views of recently closed executions in the heap. */
    int recentViews() {
        synchronized (recent) {
            return recent.size();
        }
    }

    /** Closed executions in the archive. */
    int archived() {
        return archive.size();
    }

    /** Compactions since start (the one at start included). */
    long compactions() {
        return compactions.get();
    }

    /** Bytes in the journal's current segment. */
    long journalBytes() {
        return journal.segmentBytes();
    }

    /** Every execution in the heap. */
    Iterable<Execution> all() {
        return live.values();
    }

    /**
     * Stops journaling, archiving and compacting as the engine stops, after a last compaction, so that the next
     * start reads only what still runs. Steps after this are not recorded; the journal holds what to resume from.
     */
    void close() {
        closed = true;
        compact();
    }
}
