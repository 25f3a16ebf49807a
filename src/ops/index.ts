/**
 * Operations: health, Prometheus metrics, the stats API and the expiry-forecast dashboard, and the
 * pruning of finished work.
 */

export { countSecretsToRotate, rotateKeys } from './rotate-keys.ts';
export { renderDashboard } from './stats.routes.ts';
