import { events, type EventName, type EventPayload } from '../../shared/contract';

export type EventSink = (name: EventName, payload: unknown) => void;

/** Fans app events out to every connected UI (the Electron window, browser-mode sockets). */
export class EventBus {
  private readonly sinks = new Set<EventSink>();

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    // Validate on the way out so a bug in core can never push a malformed event to the UI.
    const checked = events[name].parse(payload);
    for (const sink of this.sinks) sink(name, checked);
  }
}
