// The control panel's pages as an admin uses them in Chromium (PrimeFaces 15): signing in, the
// menus, dialogs and their AJAX round trips. Shared by the tests that drive the control panel.
import assert from 'node:assert/strict';
import { HTTP, demoPassword } from './server.mjs';

export const at = (path) => (url) => url.pathname === path;

/** Opens `path` without a login, is sent to the login page, signs in as admin, returns there. */
export async function signInAsAdmin(page, path) {
  await page.goto(`${HTTP}${path}`);
  await page.waitForURL(at('/login.xhtml'));
  await page.locator('#login\\:username').fill('admin');
  await page.locator('#login\\:password').fill(demoPassword('admin'));
  await page.locator('#login\\:submit').click();
  await page.waitForURL(at(path));
}

/**
 * The admin's way to the Demo phonebook, by the menus. PrimeFaces opens a menubar's submenu when the
 * pointer rests on it (its default toggleEvent "hover"), as a mouse does on its way to the item; a
 * click on "Management" itself would close the submenu that the hover has just opened.
 */
export async function walkToDemoPhonebook(page) {
  const nav = page.locator('#nav');
  await nav.getByRole('menuitem', { name: 'Management' }).hover();
  await nav.getByRole('menuitem', { name: 'Customer', exact: true }).click();
  await page.waitForURL(at('/admin/customers.xhtml'));
  await page.locator('#list\\:table').getByRole('link', { name: 'Demo', exact: true }).click();
  await page.waitForURL(at('/admin/customer.xhtml'));
  const menu = page.locator('#customerNav\\:customerMenu');
  await menu.getByRole('menuitem', { name: 'Class 5' }).hover();
  await menu.getByRole('menuitem', { name: 'Phonebook', exact: true }).click();
  await page.waitForURL(at('/admin/phonebook.xhtml'));
}

/**
 * Runs `act` (a click or a key press) and waits until the PrimeFaces request it starts has
 * completed, its oncomplete included (pfAjaxComplete fires after it). Returns the request's
 * callback arguments, e.g. `{ validationFailed: true }` when the server refused the form.
 */
export async function ajax(page, act) {
  await page.evaluate(() => {
    window.ajaxArgs = undefined;
    $(document).one('pfAjaxComplete', (event, xhr, settings, args) => {
      window.ajaxArgs = { ...args };
    });
  });
  await act();
  return (await page.waitForFunction(() => window.ajaxArgs)).jsonValue();
}

/** Types into the phonebook's search (it asks the server on key up) and waits for the table. */
export async function search(page, text) {
  const field = page.locator('#contacts\\:search');
  await field.fill(text);
  await ajax(page, () => field.press('End'));
}

/**
 * Clicks the + that opens `dialog` and waits for PrimeFaces to put the cursor into its first field,
 * 50 ms after it shows the dialog: what is typed before then lands in whichever field has it.
 */
export async function openDialog(page, button, dialog, firstField) {
  await ajax(page, () => page.getByRole('button', { name: button, exact: true }).click());
  await page.locator(`#${dialog}`).waitFor({ state: 'visible' });
  await page.waitForFunction((id) => document.activeElement?.id === id, firstField);
}

export const openContactDialog = (page) =>
  openDialog(page, 'Add contact', 'contactDialog', 'contactForm:name');

export async function saveContact(page, { name, company }) {
  await openContactDialog(page);
  await page.locator('#contactForm\\:name').fill(name);
  await page.locator('#contactForm\\:company').fill(company);
  const args = await ajax(page, () => page.locator('#contactForm\\:save').click());
  assert.ok(!args.validationFailed, `the contact ${name} is refused`);
  await page.locator('#contactDialog').waitFor({ state: 'hidden' });
}

export const contactRows = (page) =>
  page.locator('#contacts\\:table_data > tr:not(.ui-datatable-empty-message)');

/** Finds the contact by `text` and selects it; the Phone Numbers panel then shows it. */
export async function selectContact(page, name, text = name) {
  await search(page, text);
  const link = page.locator('#contacts\\:table').getByRole('link', { name, exact: true });
  await ajax(page, () => link.click());
  assert.equal(await page.locator('#numbers\\:selectedName').textContent(), name);
}

/** Fills the Phone number dialog and saves; returns the request's callback arguments. */
export async function addNumber(page, { label, number, extension }) {
  await openDialog(page, 'Add phone number', 'numberDialog', 'numberForm:numberLabel');
  await page.locator('#numberForm\\:numberLabel').fill(label);
  await page.locator('#numberForm\\:number').fill(number);
  if (extension) await page.locator('#numberForm\\:numberExtension').fill(extension);
  return ajax(page, () => page.locator('#numberForm\\:save').click());
}

/** The Phone Numbers panel's rows as [name, number, extension]. */
export function listedNumbers(page) {
  return page
    .locator('#numbers\\:table_data > tr:not(.ui-datatable-empty-message)')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.cells].slice(0, 3).map((c) => c.textContent.trim())),
    );
}

/** The PrimeFaces message rendered right after the input `id` (a client id), if any. */
export const messageNextTo = (page, id) =>
  page.locator(`#${id.replace(':', '\\:')} + .ui-message.ui-message-error`);

/**
 * A Chromium of its own with an admin signed in to the control panel (15 s for each step): what
 * the Setup screens' stories start from. Close `browser` after them.
 */
export async function adminBrowser() {
  const { chromium } = await import('playwright-core');
  const { FLAGS } = await import('./jssip-harness.mjs');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  const admin = await (await browser.newContext()).newPage();
  admin.setDefaultTimeout(15_000);
  await signInAsAdmin(admin, '/admin/customers.xhtml');
  return { browser, admin };
}

/**
 * Setup → Information → Certificates → Request Certificate for `name` from the CA the page
 * proposes (the run's pebble), agreeing to its terms; resolves to the order's box text once the
 * order has ended.
 */
export async function orderCertificate(page, name, email = '') {
  await page.goto(`${HTTP}/admin/certificates.xhtml`);
  await page.locator('#acme\\:acmeHost').fill(name);
  await page.locator('#acme\\:acmeEmail').fill(email);
  await page.locator('#acme\\:acmeAgree .ui-chkbox-box').click();
  return newJob(page, () => page.getByRole('button', { name: 'Request Certificate' }).click());
}

/**
 * Runs `act` (a click that starts a certificate job) and resolves to the text of the job it
 * started once that job has ended (the page lists jobs newest first, each with its number).
 */
export async function newJob(page, act) {
  const newest = () => page.evaluate(() => Number(document.querySelector('.wp-job')?.dataset.job ?? 0));
  const before = await newest();
  await act();
  await page.waitForFunction((n) => Number(document.querySelector('.wp-job')?.dataset.job ?? 0) > n, before);
  const job = page.locator('.wp-job').first();
  await job.locator('.wp-job-outcome').waitFor({ timeout: 60_000 });
  return job.textContent();
}
