// What the phone needs before sign-in, from the server's public GET /api/config. The WebSocket
// defaults to this page's own origin (RFC 7118 on the page's port: ws on http, wss on https).
export async function loadConfig(fetchImpl = fetch) {
  const r = await fetchImpl('/api/config', { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`GET /api/config: ${r.status}`);
  const c = await r.json();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return {
    domain: c.domain,
    productName: c.productName ?? 'WebPhone',
    websocket: c.websocket ?? `${scheme}://${location.host}/sip`,
  };
}
