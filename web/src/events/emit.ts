// Sending events: typed by the event map, bubbling, and composed (they cross
// shadow roots, so a course page hears them from inside a playground).
import type { EventMap } from './event-map';

export function emit<K extends keyof EventMap>(from: HTMLElement, type: K, detail: EventMap[K]) {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/** Every event of the map as the CustomEvent an element receives. */
type ConvPlayEvents = { [K in keyof EventMap]: CustomEvent<EventMap[K]> };

declare global {
  interface HTMLElementEventMap extends ConvPlayEvents {}
}
