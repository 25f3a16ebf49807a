/**
 * Operations: health, Prometheus metrics, the stats API and the expiry-forecast dashboard, and the
 * pruning of finished work.
 */
export { renderDashboard } from './stats.routes.ts';
