import { escapeHtml } from './respond';

/** The HTML a person sees in the browser during the authorization code flow. */

const STYLE = `
  body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1b; }
  h1 { font-size: 1.4rem; } .vendor { color: #555; font-size: .9rem; text-transform: uppercase; letter-spacing: .05em; }
  ul { padding-left: 1.2rem; } li { margin: .3rem 0; } code { background: #f2f2f2; padding: 0 .2rem; }
  .buttons { display: flex; gap: .75rem; margin-top: 1.5rem; }
  button { font-size: 1rem; padding: .5rem 1.2rem; border-radius: .3rem; border: 1px solid #888; cursor: pointer; }
  button[value=approve] { background: #0b5cd5; color: #fff; border-color: #0b5cd5; }
  .note { color: #555; font-size: .85rem; margin-top: 2rem; }`;

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${content}
</body>
</html>
`;
}

export interface ConsentPageInput {
  vendorName: string;
  clientName: string;
  clientId: string;
  subject: string;
  scopes: { name: string; description: string }[];
  /** Where the form posts the decision (the same authorization endpoint). */
  action: string;
  requestId: string;
}

export function renderConsentPage(input: ConsentPageInput): string {
  const scopes =
    input.scopes.length === 0
      ? '<p>No particular permission was requested.</p>'
      : `<ul>${input.scopes.map((scope) => `<li><code>${escapeHtml(scope.name)}</code> — ${escapeHtml(scope.description)}</li>`).join('')}</ul>`;
  return page(
    `${input.vendorName}: authorize ${input.clientName}`,
    `<p class="vendor">${escapeHtml(input.vendorName)} (sandbox)</p>
<h1>${escapeHtml(input.clientName)} wants to access your account</h1>
<p>Signed in as <strong>${escapeHtml(input.subject)}</strong>. Client ID: <code>${escapeHtml(input.clientId)}</code>.</p>
<p>It asks for these permissions:</p>
${scopes}
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="request_id" value="${escapeHtml(input.requestId)}">
<div class="buttons">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>
<p class="note">This is the POS Connect sandbox, not the real ${escapeHtml(input.vendorName)}. No real account is involved.</p>`,
  );
}

/** RFC 6749 §4.1.2.1: errors about the client or redirect URI are shown, never redirected. */
export function renderErrorPage(vendorName: string, title: string, detail: string): string {
  return page(
    `${vendorName}: ${title}`,
    `<p class="vendor">${escapeHtml(vendorName)} (sandbox)</p>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(detail)}</p>
<p class="note">The application that sent you here is misconfigured; you were not sent back to it.</p>`,
  );
}
