// A browser whose network the test can cut for real, and lose packets of, while everything else on
// the machine keeps talking: its Chromium runs as a user of its own (webphone-cut), and nftables
// drops what that user's processes send (the WebSocket's TCP segments and acknowledgements, ICE,
// DTLS and SRTP alike). With its acknowledgements gone, the server's packets to it die too.
// Playwright's setOffline cannot do this: it stops neither WebSockets nor WebRTC media.
// Needs root (useradd, setpriv, nft): the test command runs as root.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { FLAGS } from './jssip-harness.mjs';

const USER = 'webphone-cut';
const TABLE = 'webphone_cut';
const WRAPPER = '/tmp/webphone-cut-chromium.sh';

const sh = (cmd, args, input) => execFileSync(cmd, args, { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();

/** Chromium as USER (made once), driven by Playwright like any other browser. */
export async function launchCuttable() {
  try {
    sh('id', ['-u', USER]);
  } catch {
    sh('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
  }
  const home = `/tmp/${USER}-home`;
  mkdirSync(home, { recursive: true });
  sh('chown', [USER, home]);
  // Playwright makes the profile folder as root: it becomes the browser user's before the start.
  writeFileSync(WRAPPER, `#!/bin/sh
for a in "$@"; do
  case "$a" in --user-data-dir=*) chown -R ${USER} "\${a#--user-data-dir=}" ;; esac
done
export HOME=${home}
exec setpriv --reuid=${USER} --regid=${USER} --clear-groups /usr/bin/chromium "$@"
`);
  chmodSync(WRAPPER, 0o755);
  restore();
  return chromium.launch({ executablePath: WRAPPER, args: FLAGS });
}

/** Everything the browser sends is dropped from now on. */
export function cut() {
  rules('meta skuid "' + USER + '" drop');
}

/** `percent` % of the browser's UDP packets (its media) are dropped, at random. */
export function lose(percent) {
  rules(`meta skuid "${USER}" meta l4proto udp numgen random mod 100 < ${percent} drop`);
}

/** The browser's network works again. */
export function restore() {
  try {
    sh('nft', ['delete', 'table', 'inet', TABLE]);
  } catch {
    // not there
  }
}

function rules(rule) {
  restore();
  sh('nft', ['-f', '-'], `table inet ${TABLE} {
  chain out {
    type filter hook output priority 0; policy accept;
    ${rule}
  }
}
`);
}
