package com.creatorflow.shared.store.domain;

import java.util.List;

/**
 * One page of a listing and the opaque cursor of the next page (null on the last page).
 *
 * @param items the page's items
 * @param nextCursor pass it back to get the next page
 */
public record Page<T>(List<T> items, String nextCursor) {
}
