/**
 * Operations: health and readiness, Prometheus metrics, the stats API and the expiry-forecast
 * dashboard, the pruning of finished work, key rotation and the key canaries.
 */

export { checkKeys, ensureKeyCanaries, type KeyCheck, KeysCannotOpenDataError } from './key-canary.ts';
export { serviceReadiness } from './readiness-checks.ts';
export { countSecretsToRotate, rotateKeys } from './rotate-keys.ts';
export { renderDashboard } from './stats.routes.ts';
