// What makes the app an installed phone: the service worker (offline shell, notification
// buttons), tel: links and ?call= deep links, and the incoming-call notification while the page
// is hidden.
import { t } from './messages.js';

/** Registers the service worker where the page may have one (HTTPS, or http://localhost). */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
}

/**
 * tel: links open the app (HTML's registerProtocolHandler; the installed app's manifest says the
 * same), as /?call=NUMBER. Browsers ask the user once; a refusal or an old browser is fine.
 */
export function handleTelLinks() {
  try {
    navigator.registerProtocolHandler?.('tel', `${location.origin}/?call=%s`);
  } catch {
    // not offered here (an insecure page, or a browser without it)
  }
}

/** The number a ?call= link asks for (tel:+44... or a plain number), or null. */
export function deepLinkNumber(search = location.search) {
  // Not URLSearchParams: it reads '+' as a space, and +44... is how numbers are written.
  const raw = /[?&]call=([^&]*)/.exec(search)?.[1];
  if (!raw) return null;
  let decoded;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const number = decoded.replace(/^tel:/i, '').replace(/[\s().-]/g, '');
  return /^[+\d*#][\d*#]*$|^[\w.+-]+(@[\w.-]+)?$/.test(number) ? number : null;
}

/** Asks for permission to notify, from a user gesture (the sign-in), once. */
export function askToNotify() {
  if ('Notification' in window && Notification.permission === 'default') {
    Notification.requestPermission().catch(() => {});
  }
}

const INCOMING = 'webphone-incoming';

/**
 * Shows "X is calling" with Answer and Decline while the user looks elsewhere (the page hidden, or
 * another tab or application in front); `onAction` gets 'answer', 'decline' or 'open' when the
 * user picks one. Returns a function that takes it away.
 */
export async function notifyIncoming(peer, onAction) {
  const elsewhere = document.hidden || !document.hasFocus();
  if (!elsewhere || !('Notification' in window) || Notification.permission !== 'granted') {
    return () => {};
  }
  const registration = await navigator.serviceWorker?.getRegistration();
  if (!registration) return () => {};
  const listener = (e) => {
    if (e.data?.type === 'notification' && e.data.tag === INCOMING) onAction(e.data.action);
  };
  navigator.serviceWorker.addEventListener('message', listener);
  await registration.showNotification(t('call.incoming', { peer }), {
    tag: INCOMING,
    body: t('notify.body'),
    icon: '/icon-192.png',
    requireInteraction: true,
    actions: [
      { action: 'answer', title: t('call.answer') },
      { action: 'decline', title: t('call.decline') },
    ],
  });
  return async () => {
    navigator.serviceWorker.removeEventListener('message', listener);
    for (const n of await registration.getNotifications({ tag: INCOMING })) n.close();
  };
}
