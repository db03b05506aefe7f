package com.creatorflow.local.simulators;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys a simulator remembers state for, oldest first, up to a maximum: adding one past it hands back the oldest
 * for the simulator to forget, so a long local run (orders every second for days) keeps a bounded heap.
 *
 * @param <K> the key type
 */
public final class RecentKeys<K> {
    /** How many orders, parcels or purchases the simulators remember. */
    public static final int SIMULATOR_MEMORY = 10_000;

    private final int max;
    private final ArrayDeque<K> keys = new ArrayDeque<>();

    /** @param max the most keys remembered */
    public RecentKeys(int max) {
        this.max = max;
    }

    /** Remembers a key; returns the keys now beyond the maximum (the oldest), which the caller forgets. */
    public synchronized List<K> add(K key) {
        keys.addLast(key);
        List<K> forgotten = new ArrayList<>();
        while (keys.size() > max) {
            forgotten.add(keys.removeFirst());
        }
        return forgotten;
    }

    /** The keys remembered, oldest first. */
    public synchronized List<K> keys() {
        return List.copyOf(keys);
    }

    /** Forgets every key. */
    public synchronized void clear() {
        keys.clear();
    }
}
