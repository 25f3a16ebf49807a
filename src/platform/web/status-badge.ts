/**
 * A channel's state as people read it: colour, icon and word together (WCAG 1.4.1: colour alone says
 * nothing to a colour-blind reader or a grey printout). The icon is decoration (`aria-hidden`); the
 * word, from the page's message book, is what a screen reader says. Styled by `.status` in the shared
 * stylesheet (kernel/stylesheet.ts).
 */
import { type Html, html } from '../../kernel/html.ts';

export type StatusState = 'connected' | 'expiring' | 'disconnected';

/** 16×16 strokes in the text colour: a tick, a warning triangle, a cross. */
const ICONS: Record<StatusState, string> = {
  connected: 'M3.5 8.5l3 3 6-7',
  expiring: 'M8 2.5l6 11H2zM8 7v3M8 12v.01',
  disconnected: 'M4 4l8 8M12 4l-8 8',
};

function icon(state: StatusState): Html {
  return html`<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="${ICONS[state]}" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
}

/** `<span class="status connected">✓ Connected</span>`, the label in the reader's language. */
export function statusBadge(state: StatusState, label: string | Html): Html {
  return html`<span class="status ${state}">${icon(state)}${label}</span>`;
}
