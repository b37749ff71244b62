// Who is calling: a number or user as SIP shows it, matched against the phonebook's numbers.
// Numbers are compared by their digits, with 00 read as + (international prefix), so that
// "+44 20 7946 0018", "+442079460018" and "00442079460018" are the same contact.

const canonical = (n) => {
  const digits = String(n ?? '').replace(/[^\d+]/g, '');
  return digits.startsWith('00') ? `+${digits.slice(2)}` : digits;
};

/** The name of the contact with `number` among `contacts`, or null. */
export function contactName(contacts, number) {
  const wanted = canonical(number);
  if (!wanted || !/\d/.test(wanted)) return null;
  for (const c of contacts ?? []) {
    if ((c.numbers ?? []).some((n) => canonical(n.number) === wanted)) return c.name;
  }
  return null;
}
