/**
 * Channelkeeper's connect popup, for the platform's own pages. Served as it is at GET /connect.js
 * (no build step, no dependencies, plain ES2020), as an ES module:
 *
 *   <script type="module" src="https://channelkeeper.example/connect.js"></script>   → window.Channelkeeper.connect
 *   import { connect } from 'https://channelkeeper.example/connect.js';
 *
 * connect(url) opens a connect link (from POST /v1/connect-sessions with `allowedOrigins` naming this
 * page's origin) in a centred popup and settles when the flow's last page posts its result:
 * resolves { connectionId, connectionIds, status: 'connected' }, or rejects with an Error whose
 * `reason` is `cancelled` (the popup was closed first, or the creator declined), `refused` (the flow
 * failed; `code` is the error catalogue's), `expired` (the link expired or was used) or
 * `popup_blocked` (the browser refused the popup: the page then goes to the link itself, unless
 * `options.redirectFallback === false`).
 *
 * Only a message from the link's own origin, from the popup this call opened, in the expected shape is
 * believed; the page that sent it is told it was received, and closes itself.
 */

const WIDTH = 520;
const HEIGHT = 720;
/** How often to look whether the creator closed the popup (a closed window sends no event). */
const CLOSED_POLL_MS = 300;
const REASONS = ['cancelled', 'refused', 'expired'];

/** How the call still waiting for its popup ends: as cancelled, when a new call takes the popup. */
let pending = null;

/**
 * @param {string} url The connect link.
 * @param {{ redirectFallback?: boolean }} [options]
 * @returns {Promise<{ connectionId: string, connectionIds: string[], status: 'connected' }>}
 */
export function connect(url, options) {
  return new Promise((resolve, reject) => {
    // A throw in here (a bad link, a blocked popup) rejects the promise.
    const link = connectLink(url);
    if (pending) pending(connectError('cancelled', 'Another connect popup was opened.'));
    const popup = window.open(link.href, 'channelkeeper-connect', features());
    if (!popup) {
      if (options?.redirectFallback !== false) window.location.assign(link.href);
      throw connectError('popup_blocked', 'The browser blocked the connect popup.');
    }
    popup.focus();
    watch(popup, link.origin, resolve, reject);
  });
}

/** Settles with the first result the popup posts from the link's origin, or as cancelled if it closes first. */
function watch(popup, origin, resolve, reject) {
  const finish = (outcome) => {
    window.removeEventListener('message', onMessage);
    clearInterval(timer);
    if (pending === finish) pending = null;
    if (outcome instanceof Error) reject(outcome);
    else resolve(outcome);
  };
  const onMessage = (event) => {
    if (event.origin !== origin || event.source !== popup || !isResult(event.data)) return;
    popup.postMessage({ source: 'channelkeeper', type: 'connect.ack' }, origin);
    finish(outcomeOf(event.data));
  };
  const timer = setInterval(() => {
    if (popup.closed) finish(connectError('cancelled', 'The connect popup was closed before the connection was made.'));
  }, CLOSED_POLL_MS);
  window.addEventListener('message', onMessage);
  pending = finish;
}

function connectLink(url) {
  let link;
  try {
    link = new URL(url, window.location.href);
  } catch {
    throw new TypeError('Channelkeeper.connect: the connect link is not a URL.');
  }
  if (link.protocol !== 'https:' && link.protocol !== 'http:') throw new TypeError('Channelkeeper.connect: the connect link must be an http(s) URL.');
  return link;
}

function outcomeOf(data) {
  if (data.status === 'connected') {
    return { connectionId: data.connectionId, connectionIds: Array.isArray(data.connectionIds) ? data.connectionIds : [data.connectionId], status: 'connected' };
  }
  const reason = REASONS.includes(data.reason) ? data.reason : 'refused';
  return connectError(reason, sentence(reason), typeof data.code === 'string' ? data.code : undefined);
}

function isResult(data) {
  if (!data || typeof data !== 'object' || data.source !== 'channelkeeper' || data.type !== 'connect.result') return false;
  if (data.status === 'connected') return typeof data.connectionId === 'string' && data.connectionId !== '';
  return data.status === 'failed' || data.status === 'cancelled';
}

function connectError(reason, message, code) {
  const error = new Error(message);
  error.name = 'ChannelkeeperConnectError';
  error.reason = reason;
  if (code) error.code = code;
  return error;
}

function sentence(reason) {
  if (reason === 'cancelled') return 'The creator cancelled the connection.';
  if (reason === 'expired') return 'The connect link has expired or was already used; ask for a new one.';
  return 'The connection was refused; see error.code.';
}

/** A popup of WIDTH × HEIGHT (smaller on a small screen), centred on the window that opens it. */
function features() {
  const width = Math.min(WIDTH, window.screen.availWidth || WIDTH);
  const height = Math.min(HEIGHT, window.screen.availHeight || HEIGHT);
  // screenX can be negative (a screen left of the main one): kept, so the popup opens on the same screen.
  const left = Math.round(window.screenX + (window.outerWidth - width) / 2);
  const top = Math.round(window.screenY + (window.outerHeight - height) / 2);
  return `popup=yes,width=${width},height=${height},left=${left},top=${top}`;
}

if (typeof window !== 'undefined') window.Channelkeeper = Object.assign(window.Channelkeeper || {}, { connect });
