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
    background: COLOR.test(c.background ?? '') ? c.background : null,
    logoUrl: c.logoUrl ?? null,
    faviconUrl: c.faviconUrl ?? null,
    cssUrl: c.cssUrl ?? null,
  };
}

/**
 * Puts the branding on the page: title, accent colour (and the browser's theme colour),
 * background, favicon, and the operator's own style sheet last, so that it wins.
 */
export function applyBranding(config) {
  document.title = config.productName;
  const root = document.documentElement.style;
  if (config.brandColor) {
    root.setProperty('--accent', config.brandColor);
    document.querySelector('meta[name=theme-color]')?.setAttribute('content', config.brandColor);
  }
  if (config.background && config.background.toLowerCase() !== '#ffffff') {
    root.setProperty('--background', config.background);
  }
  if (config.faviconUrl)
    document.querySelector('link[rel=icon]')?.setAttribute('href', config.faviconUrl);
  if (config.cssUrl && !document.getElementById('branding-css')) {
    const link = document.createElement('link');
    link.id = 'branding-css';
    link.rel = 'stylesheet';
    link.href = config.cssUrl;
    document.head.append(link);
  }
}
