/**
 * Workspaces and their API keys: several keys per workspace, each named, with a hint, an optional
 * expiry and its last use; created with the secret shown once, revoked at once in every process.
 * BOOTSTRAP_API_KEY opens the first workspace and, changed, adds a key to it. Their brand (name, accent,
 * support contact, default language, logo) as pages and emails show it: docs/branding.md.
 */

export { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
export { ensureBootstrapKey } from './bootstrap-key.ts';
export { brandingBody } from './branding.schemas.ts';
export { type BrandDeps, type BrandingView, changeBranding, deleteLogo, getBranding, uploadLogo } from './branding.ts';
export { createWorkspace, listWorkspaces, type WorkspaceSummary } from './workspace-directory.ts';
