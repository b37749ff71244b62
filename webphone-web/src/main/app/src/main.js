// The app's entry: its components, and the service worker that makes it installable and lets
// it open without the network (the shell only: calls need the server anyway).
import './components.js';
import { registerServiceWorker } from './pwa.js';

registerServiceWorker();
