// What the phone needs before sign-in, from the server's public GET /api/config: the SIP domain,
// the WebSocket (by default this page's own origin, RFC 7118 on the page's port: ws on http, wss
// on https), and the branding (product name, accent colour, logo).
const COLOR = /^#[0-9a-fA-F]{6}$/;

export async function loadConfig(fetchImpl = fetch) {
  const r = await fetchImpl('/api/config', { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`GET /api/config: ${r.status}`);
  const c = await r.json();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return {
    domain: c.domain,
    productName: c.productName ?? 'WebPhone',
    websocket: c.websocket ?? `${scheme}://${location.host}/sip`,
    brandColor: COLOR.test(c.brandColor ?? '') ? c.brandColor : null,
    logoUrl: c.logoUrl ?? null,
  };
}

/** Puts the branding on the page: title, accent colour (and the browser's theme colour). */
export function applyBranding(config) {
  document.title = config.productName;
  if (config.brandColor) {
    document.documentElement.style.setProperty('--accent', config.brandColor);
    document.querySelector('meta[name=theme-color]')?.setAttribute('content', config.brandColor);
  }
}
