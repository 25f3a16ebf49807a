/**
 * The HTML shell every simulated consent and error page shares: server-rendered, no scripts, no CDN.
 * Each network brings its own stylesheet (each page looks like that network's) and its own body.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A whole page: `title` is escaped here; `css` is the network's rules as written, one per line, starting and
 * ending with a newline; `body` is trusted HTML (escape what goes into it) and is wrapped in `<main>`.
 */
export function pageShell(title: string, css: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}
