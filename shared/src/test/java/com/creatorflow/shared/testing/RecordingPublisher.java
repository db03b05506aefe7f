package com.creatorflow.shared.testing;

import com.creatorflow.shared.events.DomainEvent;
import com.creatorflow.shared.events.EventPublisher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An event publisher that keeps what it is given, for tests. */
public final class RecordingPublisher implements EventPublisher {
    private final List<DomainEvent> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String source, String detailType, Object detail) {
        published.add(new DomainEvent(source, detailType, detail));
    }

    /** Every event published so far. */
    public List<DomainEvent> published() {
        return List.copyOf(published);
    }

    /** The events of one detail-type. */
    public List<DomainEvent> ofType(String detailType) {
        return published.stream().filter(e -> e.detailType().equals(detailType)).toList();
    }
}
