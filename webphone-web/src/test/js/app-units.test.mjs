// Pieces of the app alone, in Node: the call quality estimate (E-model, ITU-T G.107), the
// numbers a ?call= link may carry, and caller naming (numbers as SIP shows them against the
// phonebook's numbers as people write them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cause, grade, mos } from '../../main/app/src/quality.js';
import { deepLinkNumber } from '../../main/app/src/pwa.js';
import { contactName } from '../../main/app/src/names.js';

test('a clean line on a LAN scores the top of the scale; loss, jitter and delay bring it down in order', () => {
  const clean = mos({ lossPercent: 0, jitterMs: 2, rttMs: 5 });
  assert.ok(clean > 4.3 && clean <= 4.5, `clean ${clean}`);
  assert.equal(grade(clean), 'good');
  const lossy = mos({ lossPercent: 5, jitterMs: 2, rttMs: 5 });
  assert.ok(lossy < clean && grade(lossy) !== 'good', `5 % loss ${lossy}`);
  assert.equal(grade(mos({ lossPercent: 30, jitterMs: 2, rttMs: 5 })), 'bad');
  const far = mos({ lossPercent: 0, jitterMs: 2, rttMs: 600 });
  assert.ok(far < clean && far > 3, `600 ms round trip ${far}`);
  assert.ok(mos({ lossPercent: 0, jitterMs: 40, rttMs: 5 }) < clean);
});

test('the cause named is the one that hurts: loss first, then jitter, then delay', () => {
  assert.equal(cause({ lossPercent: 10, jitterMs: 50, rttMs: 500 }), 'loss');
  assert.equal(cause({ lossPercent: 0, jitterMs: 50, rttMs: 500 }), 'jitter');
  assert.equal(cause({ lossPercent: 0, jitterMs: 5, rttMs: 500 }), 'delay');
  assert.equal(cause({ lossPercent: 1, jitterMs: 5, rttMs: 50 }), null);
});

test('a ?call= link gives a number, a tel: URI or a user; anything else is ignored', () => {
  assert.equal(deepLinkNumber('?call=1002'), '1002');
  assert.equal(deepLinkNumber('?call=tel:%2B44%2020%207946%200018'), '+442079460018');
  assert.equal(deepLinkNumber('?call=tel:+1-(555)-0100'), '+15550100');
  assert.equal(deepLinkNumber('?call=bob'), 'bob');
  assert.equal(deepLinkNumber('?call=%3Cscript%3E'), null);
  assert.equal(deepLinkNumber(''), null);
});

const contacts = [
  { name: 'Bob', numbers: [{ label: 'Desk', number: '1002' }] },
  { name: 'Front desk', numbers: [{ label: 'Main', number: '+44 20 7946 0018' }] },
];

test('a number is found however it is spaced or prefixed', () => {
  assert.equal(contactName(contacts, '1002'), 'Bob');
  assert.equal(contactName(contacts, '+442079460018'), 'Front desk');
  assert.equal(contactName(contacts, '00442079460018'), 'Front desk');
  assert.equal(contactName(contacts, '+44 (20) 7946-0018'), 'Front desk');
});

test('a user name, an unknown number or nothing finds no contact', () => {
  assert.equal(contactName(contacts, 'bob'), null);
  assert.equal(contactName(contacts, '+442079460019'), null);
  assert.equal(contactName(contacts, ''), null);
  assert.equal(contactName([], '1002'), null);
});
