// Live order events fanned out to whichever view is open.
import type { LiveEvent } from "./live";

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();

export function onOrderEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publish(event: LiveEvent) {
  listeners.forEach((listener) => listener(event));
}
