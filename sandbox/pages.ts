/**
 * Server-rendered HTML for the simulated www.instagram.com authorize dialog: no scripts, no CDN.
 * One form; every choice is a real submit button, so it works with a keyboard, a screen reader, a phone,
 * and a test driving it with plain HTTP (POST `account=<username>` or `deny=1` plus the hidden fields).
 */

export interface AuthorizeView {
  appName: string;
  /** Path the form posts to (the same authorize path, with its host prefix if any). */
  action: string;
  /** Hidden fields echoing the authorize parameters. */
  hidden: Record<string, string>;
  scopes: string[];
  accounts: { username: string; accountType: string }[];
}

const scopeText: Record<string, string> = {
  instagram_business_basic: 'Access your profile and media (required)',
  instagram_business_content_publish: 'Publish content',
  instagram_business_manage_comments: 'Manage comments',
  instagram_business_manage_messages: 'Manage messages',
  instagram_business_manage_insights: 'Access insights',
};

const typeLabel: Record<string, string> = { BUSINESS: 'Business', MEDIA_CREATOR: 'Creator', PERSONAL: 'Personal' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fafafa; color: #262626; }
  main { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border: 1px solid #dbdbdb; border-radius: 8px; }
  h1 { font-size: 1.25rem; margin-top: 0; }
  fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
  legend { font-weight: 600; margin-bottom: .5rem; }
  label { display: flex; gap: .5rem; align-items: center; padding: .25rem 0; }
  button { display: block; width: 100%; min-height: 44px; margin: .5rem 0; font: inherit; border-radius: 8px; border: 1px solid #0095f6; cursor: pointer; }
  button[name=account] { background: #0095f6; color: #fff; font-weight: 600; }
  button[name=deny] { background: #fff; color: #262626; border-color: #dbdbdb; }
  button:focus-visible { outline: 3px solid #262626; outline-offset: 2px; }
  .note { color: #737373; font-size: .875rem; }
  /* Long scope names must wrap on a phone rather than push the page sideways. */
  code { overflow-wrap: anywhere; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export function authorizePage(view: AuthorizeView): string {
  const hidden = Object.entries(view.hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  const scopes = view.scopes
    .map((s, i) => {
      const id = `scope-${i}`;
      const required = s === 'instagram_business_basic';
      // A disabled checkbox is not submitted, so the required scope also travels as a hidden field.
      const box = required
        ? `<input type="checkbox" id="${id}" checked disabled><input type="hidden" name="granted" value="${escapeHtml(s)}">`
        : `<input type="checkbox" id="${id}" name="granted" value="${escapeHtml(s)}" checked>`;
      return `<label for="${id}">${box} ${escapeHtml(scopeText[s] ?? s)} <code>${escapeHtml(s)}</code></label>`;
    })
    .join('\n');
  const buttons = view.accounts
    .map((a) => {
      const label = `Continue as @${a.username} (${typeLabel[a.accountType] ?? a.accountType})`;
      return `<button type="submit" name="account" value="${escapeHtml(a.username)}">${escapeHtml(label)}</button>`;
    })
    .join('\n');
  return layout(
    `Allow ${view.appName} access • Instagram`,
    `<h1>${escapeHtml(view.appName)} wants to access your Instagram account</h1>
<form method="post" action="${escapeHtml(view.action)}">
${hidden}
<fieldset>
<legend>Permissions requested</legend>
${scopes}
</fieldset>
<fieldset>
<legend>Choose an account</legend>
${buttons}
</fieldset>
<button type="submit" name="deny" value="1">Cancel</button>
</form>
<p class="note">Instagram sandbox: a simulated dialog; no real account is used.</p>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(`${title} • Instagram`, `<h1>${escapeHtml(title)}</h1>\n<p role="alert">${escapeHtml(message)}</p>`);
}
