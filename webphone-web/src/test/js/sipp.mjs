// SIPp phones for the tests that run against the server: one call of a scenario each, with its
// message trace kept for the assertions. Scenarios live with the Java story tests.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CALL_SCENARIOS = new URL('../../../../webphone-sip-servlet/src/test/resources/sipp/', import.meta.url).pathname;
export const WEB_SCENARIOS = new URL('../resources/sipp/', import.meta.url).pathname;
const SIP_PORT = Number(process.env.WEBPHONE_SIP_PORT ?? 5060);

/** A UDP port nobody uses now. */
export async function freeUdpPort() {
  const s = createSocket('udp4');
  await new Promise((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** Runs one call of `scenario` from `port` (0: any) to the server; resolves to its exit code and message trace. */
export function sipp(scenario, port, args) {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
  const messages = join(dir, 'messages.log');
  const child = spawn(
    'sipp',
    ['-sf', scenario, '-i', '127.0.0.1', '-p', String(port), '-m', '1', '-timeout', '30s',
      '-timeout_error', '-nostdin', '-trace_msg', '-message_file', messages, ...args,
      `127.0.0.1:${SIP_PORT}`],
    { cwd: dir, stdio: 'ignore' },
  );
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      resolve({ code, trace: existsSync(messages) ? readFileSync(messages, 'utf8') : '' });
    });
  });
}
