/**
 * Operations: health and readiness, Prometheus metrics, the stats API and the expiry-forecast
 * dashboard, the pruning of finished work, key rotation and the key canaries.
 */

export { checkEveryChannel, outcomeOf, outcomeQuery } from './check-channels.ts';
export { type RenderOptions, renderDashboard } from './dashboard.routes.ts';
export { checkKeys, ensureKeyCanaries, type KeyCheck, KeysCannotOpenDataError } from './key-canary.ts';
export { opsMessages } from './messages/index.ts';
export { serviceReadiness } from './readiness-checks.ts';
export { countSecretsToRotate, rotateKeys } from './rotate-keys.ts';
