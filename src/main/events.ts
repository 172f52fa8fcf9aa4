import type { EventName, EventPayloads } from '../shared/ipc/contract';

type Listener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

/** Events for the renderer, from the services; Electron's window and the test bridge subscribe. */
export class EventHub {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
