/** The connect popup (browser): opens a connect link made with `allowedOrigins` naming this page's origin. */
export interface ConnectResult {
  connectionId: string;
  /** Every connection the flow made (a Facebook login can connect several accounts). */
  connectionIds: string[];
  status: 'connected';
}

/** Rejections carry why the flow ended without a connection. */
export interface ConnectError extends Error {
  reason: 'cancelled' | 'refused' | 'expired' | 'popup_blocked';
  /** For `refused` and `expired`: the error catalogue's code. */
  code?: string;
}

/**
 * Opens the connect link in a centred popup; resolves when the flow's last page posts its result. When
 * the browser blocks the popup the page goes to the link itself, unless `redirectFallback` is false.
 */
export function connect(url: string, options?: { redirectFallback?: boolean }): Promise<ConnectResult>;
