// Contacts: the customer's phonebook (GET /api/phonebook, fetched again only when its ETag
// changed), searchable by name, company or number, each number a button that calls it. The
// server's ua-profile NOTIFY ('phonebook' event) makes it fetch again while the user looks.
import { t } from './messages.js';
import { html } from './html.js';

class WpContacts extends HTMLElement {
  start(app) {
    this.app = app;
    this.innerHTML = html`<div class="card">
      <label
        >${t('contacts.search')} <input type="search" id="contact-search" autocomplete="off"
      /></label>
      <ul class="list" id="contact-list"></ul>
    </div>`;
    this.querySelector('#contact-search').addEventListener('input', () => this.render());
    app.phone.addEventListener('phonebook', () => this.load());
    this.load();
  }

  async load() {
    try {
      this.app.contacts = await this.app.api.phonebook();
      this.failed = false;
    } catch {
      this.failed = true;
    }
    this.render();
  }

  render() {
    const list = this.querySelector('#contact-list');
    if (this.failed) {
      list.innerHTML = html`<li>${t('contacts.failed')}</li>`;
      return;
    }
    const q = this.querySelector('#contact-search').value.trim().toLowerCase();
    const found = this.app.contacts.filter(
      (c) =>
        !q ||
        c.name.toLowerCase().includes(q) ||
        (c.company ?? '').toLowerCase().includes(q) ||
        (c.numbers ?? []).some((n) => n.number.replace(/\s/g, '').includes(q.replace(/\s/g, ''))),
    );
    if (!found.length) {
      list.innerHTML = html`<li>${t('contacts.none')}</li>`;
      return;
    }
    list.replaceChildren(
      ...found.map((c) => {
        const li = document.createElement('li');
        li.innerHTML = html`<span class="name">${c.name}</span>
          <span class="muted">${c.company ?? ''}</span>`;
        for (const n of c.numbers ?? []) {
          const b = document.createElement('button');
          b.type = 'button';
          b.textContent = `${n.label ?? ''} ${n.number}`.trim();
          b.setAttribute(
            'aria-label',
            t('contacts.call', { name: c.name, label: n.label ?? '', number: n.number }),
          );
          b.addEventListener('click', () => this.app.phone.call(n.number.replace(/\s/g, '')));
          li.append(' ', b);
        }
        return li;
      }),
    );
  }
}

customElements.define('wp-contacts', WpContacts);
