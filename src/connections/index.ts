/**
 * Connections: connect links and the OAuth flows, choosing accounts, storing sealed tokens, the
 * hand-out, refresh (daily sweep and on demand), verify, disconnect and revoke with their notices,
 * the expiry watch, key rotation and the hand-out audit. Connection status is a state machine
 * (connection.rules.ts) changed only by conditional updates (connections.repo.ts).
 */

export { accountLabel, professionalSwitchOf } from './account-label.ts';
export { ChannelUnusable, callWithToken } from './channel-call.ts';
export { readerFor } from './channel-reader.ts';
export { failurePage } from './connect.page.ts';
export { createConnectSession } from './connect-session.ts';
export { type Connection, type ConnectionStatus, connectionStatuses, type DisconnectReason, describeReason, grantDays } from './connection.rules.ts';
export { connectionNoticeTexts } from './connection-notices.ts';
export { findConnection, getConnectionById, linkedConnections, linkedIdsOf, listConnections, readableSql, recordEvent, rowToConnection } from './connections.repo.ts';
export { listConnectionViews } from './connections.ts';
export { disconnectWithin, markDisconnected } from './disconnect.ts';
export { HandoutAudit } from './handout-audit.ts';
export { CONNECTION_CHANGES, openHandoutCache } from './handout-cache.ts';
export { connectMessages } from './messages/connect/index.ts';
export { connectionMessages } from './messages/emails/index.ts';
export { pauseProvider } from './refresh.repo.ts';
export { eachPlannedRefresh, forEachLimited, runRefreshSweep } from './refresh-sweep.ts';
export { revokeConnection } from './revoke-connection.ts';
export { verifyConnections } from './verify-connections.ts';
