// The service worker: the app shell from the network, or from the cache when the network is away
// (the installed app opens and says it is offline); and the incoming-call notification's buttons.
//
// It never handles the control panel, the customer portal, the API or the SIP WebSocket: in
// browsers with the static routing API (Chromium) those requests do not even start this worker;
// elsewhere the fetch handler leaves them to the network untouched.
const CACHE = 'webphone-shell-v2';
const SHELL = ['/', '/app.js', '/app.css', '/manifest.webmanifest', '/icon.svg'];
const NETWORK_ONLY = [
  '/admin/*',
  '/portal/*',
  '/api/*',
  '/sip',
  '/login.xhtml',
  '/jakarta.faces.resource/*',
  '/health/*',
  '/metrics*',
];

self.addEventListener('install', (e) => {
  if (e.addRoutes) {
    e.waitUntil(
      e
        .addRoutes(
          NETWORK_ONLY.map((pathname) => ({
            condition: { urlPattern: new URLPattern({ pathname }) },
            source: 'network',
          })),
        )
        .catch((err) => (self.routesRefused = String(err))),
    );
  }
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (e) =>
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  ),
);

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== location.origin) return;
  // The app at / with a query (?call=NUMBER) is the same shell.
  const key = e.request.mode === 'navigate' && url.pathname === '/' ? '/' : url.pathname;
  if (!SHELL.includes(key)) return;
  e.respondWith(
    fetch(e.request)
      .then((r) => {
        if (r.ok) {
          const copy = r.clone();
          caches.open(CACHE).then((c) => c.put(key, copy));
        }
        return r;
      })
      .catch(() => caches.match(key)),
  );
});

// Answer or decline from the notification: the app's window is brought forward and told.
self.addEventListener('notificationclick', (e) => {
  e.notification.close();
  e.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (windows) => {
      const w = windows[0] ?? (await self.clients.openWindow('/'));
      if (!w) return;
      if (w.focus) await w.focus();
      w.postMessage({ type: 'notification', tag: e.notification.tag, action: e.action || 'open' });
    }),
  );
});
