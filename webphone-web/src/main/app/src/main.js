// The app's entry: its components, and the service worker that makes it installable and lets
// it open without the network (the shell only: calls need the server anyway).
import './components.js';

if ('serviceWorker' in navigator && location.protocol === 'https:') {
  navigator.serviceWorker.register('/sw.js').catch(() => {});
}
