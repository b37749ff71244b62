// The app's caller naming (src/main/app/src/names.js), alone: numbers as SIP shows them against
// the phonebook's numbers as people write them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contactName } from '../../main/app/src/names.js';

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
