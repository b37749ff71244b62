// Every string the app shows, in one catalogue: English now; another language is another object
// with the same keys. {name} placeholders are filled by t().
const en = {
  'app.title': 'WebPhone',
  'login.heading': 'Sign in',
  'login.user': 'Username',
  'login.password': 'Password',
  'login.domain': 'Domain',
  'login.submit': 'Sign in',
  'login.busy': 'Signing in…',
  'login.wrong': 'Wrong username or password.',
  'login.unreachable': 'Cannot reach the server: check the address or its certificate.',
  'login.failed': 'Sign-in failed: {cause}.',
  'login.missing': 'Enter your username and password.',
  'phone.signedIn': 'Signed in as {user}',
  'phone.signOut': 'Sign out',
  'phone.disconnected': 'Connection lost: reconnecting…',
  'dial.label': 'Number or name',
  'dial.call': 'Call',
  'dial.clear': 'Delete last digit',
  'debug.badge': 'SIP debug on',
  'debug.on': 'SIP debug on: every SIP message goes to the browser console.',
  'debug.off': 'SIP debug off.',
  'call.calling': 'Calling {peer}…',
  'call.ringing': '{peer} is ringing…',
  'call.incoming': '{peer} is calling',
  'call.talking': 'In call with {peer}',
  'call.held': '{peer} on hold',
  'call.ended': 'Call ended',
  'call.failed': 'Call failed: {cause}',
  'call.answer': 'Answer',
  'call.decline': 'Decline',
  'call.hangup': 'Hang up',
  'call.hold': 'Hold',
  'call.resume': 'Resume',
  'call.mute': 'Mute',
  'call.unmute': 'Unmute',
  'call.keypad': 'Keypad',
};

const catalogue = en;

/** The message `key` with its {placeholders} filled from `params`. */
export function t(key, params = {}) {
  const text = catalogue[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}
