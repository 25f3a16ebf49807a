/**
 * Workspaces and their API keys: several keys per workspace, each named, with a hint, an optional
 * expiry and its last use; created with the secret shown once, revoked at once in every process.
 * BOOTSTRAP_API_KEY opens the first workspace and, changed, adds a key to it.
 */

export { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
export { ensureBootstrapKey } from './bootstrap-key.ts';
export { createWorkspace, listWorkspaces, type WorkspaceSummary } from './workspace-directory.ts';
