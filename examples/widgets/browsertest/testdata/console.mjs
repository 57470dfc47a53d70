// Drives the admin console of a primary and a secondary in Debian's
// Chromium with Playwright, and checks every page it opens with axe-core
// and with checks of its own (duplicate ids, unlabelled controls, CSRF
// fields, landmarks, narrow-screen overflow, requests leaving the site,
// errors in the console). The Go test (../browser_test.go) starts the
// sites, seeds them and reads the JSON report this prints on stdout; the
// exit code is 1 when anything failed.
//
// Environment: GEOGEN_PRIMARY_ADMIN, GEOGEN_SECONDARY_ADMIN (base URLs of
// the admin listeners), GEOGEN_ADMIN_TOKEN, GEOGEN_SEED (JSON: what the
// sites hold), GEOGEN_CHROMIUM (the browser binary), and optionally
// GEOGEN_CONSOLE_SCREENSHOTS (a directory for a screenshot of each page).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const PRIMARY = env('GEOGEN_PRIMARY_ADMIN');
const SECONDARY = env('GEOGEN_SECONDARY_ADMIN');
const TOKEN = env('GEOGEN_ADMIN_TOKEN');
const SEED = JSON.parse(env('GEOGEN_SEED'));
const SHOTS = process.env.GEOGEN_CONSOLE_SCREENSHOTS || '';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const reg = (modelId) => modelId + SEED.registryIdOffset;
const listPath = (type = SEED.type) => `/admin/geo/replication/${type}`;

const report = { browser: '', scenarios: [], pages: [] };
const log = (...a) => console.error(...a);

class Check extends Error {}
function expect(cond, msg) {
  if (!cond) throw new Check(msg);
}
function expectEqual(got, want, what) {
  const g = JSON.stringify(got), w = JSON.stringify(want);
  if (g !== w) throw new Check(`${what}: got ${g}, want ${w}`);
}

// until retries fn (which throws while not yet true) until it passes or
// the time is up, then throws its last error.
async function until(what, ms, fn, pause = 500) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Check(`${what}: not within ${ms / 1000}s: ${last && last.message}`);
    await new Promise((r) => setTimeout(r, pause));
  }
}

// A browser context per site: cookies are kept per host, not per port,
// so the two sites' session cookies on 127.0.0.1 would overwrite each
// other in one context.
async function siteContext(browser, base) {
  const context = await browser.newContext({ viewport: DESKTOP, baseURL: base });
  context.setDefaultTimeout(15000);
  context.setDefaultNavigationTimeout(15000);
  const problems = [];
  // Every asset is embedded: any request elsewhere is a failure (and is
  // not sent).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(PRIMARY + '/') || url.startsWith(SECONDARY + '/')) return route.continue();
    problems.push(`request to another origin: ${url}`);
    return route.abort();
  });
  context.on('page', (page) => watch(page, problems));
  return { context, problems };
}

function watch(page, problems) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The browser logs a page answered with an error status (the login
    // page's 401 after a wrong token); the scenarios check those statuses.
    if (msg.text().startsWith('Failed to load resource') && msg.location().url === page.url()) return;
    problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`script error on ${page.url()}: ${err.message}`));
}

async function newPage(site) {
  const page = await site.context.newPage();
  return page;
}

// checkPage runs axe-core and the checks of our own on the page as it is,
// at 1280 px and at 375 px, and records the outcome under name.
async function checkPage(page, name, { authenticated = true, site } = {}) {
  for (const viewport of [DESKTOP, PHONE]) {
    const start = Date.now();
    await page.setViewportSize(viewport);
    const violations = [];
    try {
      await page.evaluate(axeSource);
      const axe = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => `axe ${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`);
      });
      violations.push(...axe);
      const own = await page.evaluate(ownChecks, { authenticated, width: viewport.width });
      violations.push(...own);
    } catch (e) {
      violations.push(`checks did not run: ${e.message}`);
    }
    if (site && site.problems.length) violations.push(...site.problems.splice(0));
    report.pages.push({ name, url: new URL(page.url()).pathname + new URL(page.url()).search, width: viewport.width, violations, ms: Date.now() - start });
  }
  await page.setViewportSize(DESKTOP);
}

// ownChecks runs in the page: what axe-core does not look at, or what the
// console's contract asks of every page.
function ownChecks({ authenticated, width }) {
  const out = [];
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) out.push(`id "${id}" is used ${n} times`);
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden') continue;
    const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.title;
    if (!named) out.push(`form control ${el.outerHTML.slice(0, 80)} has no label`);
  }
  for (const bar of document.querySelectorAll('[role=progressbar], meter')) {
    const named = (bar.labels && bar.labels.length) || bar.getAttribute('aria-label') || bar.getAttribute('aria-labelledby') || bar.title;
    if (!named) out.push(`progress bar ${bar.outerHTML.slice(0, 80)} has no label`);
  }
  for (const form of document.querySelectorAll('form')) {
    if ((form.getAttribute('method') || 'get').toLowerCase() !== 'post') continue;
    // The login form may rely on SameSite and the Origin check instead
    // (the contract leaves it to the console).
    if (new URL(form.action, location.href).pathname === '/admin/login') continue;
    const csrf = form.querySelector('input[name=csrf_token]');
    if (!csrf || csrf.type !== 'hidden' || !csrf.value) out.push(`POST form ${form.getAttribute('action')} has no hidden csrf_token with a value`);
  }
  if (document.documentElement.lang !== 'en') out.push(`<html lang="${document.documentElement.lang}">, want "en"`);
  const count = (sel) => document.querySelectorAll(sel).length;
  if (count('main') !== 1) out.push(`${count('main')} <main> elements, want 1`);
  if (count('h1') !== 1) out.push(`${count('h1')} <h1> elements, want 1`);
  if (authenticated && !document.querySelector('form[action$="/admin/logout"] button, form[action$="/admin/logout"] [type=submit]'))
    out.push('no logout button (a POST form to /admin/logout)');
  for (const el of document.querySelectorAll('script[src], link[href], img[src], iframe[src]')) {
    const url = new URL(el.getAttribute('src') || el.getAttribute('href'), location.href);
    if (url.origin !== location.origin) out.push(`asset from another origin: ${url}`);
  }
  if (document.querySelector('script:not([src])')) out.push('inline <script> (the policy forbids it)');
  // Narrow screens: the page itself does not scroll sideways (wide tables
  // scroll inside their wrapper).
  if (document.documentElement.scrollWidth > width + 1)
    out.push(`at ${width} px the page is ${document.documentElement.scrollWidth} px wide (scrolls sideways)`);
  // At desktop width every table fits: nothing (a row's actions) hides
  // in a wrapper scrolled sideways.
  if (width >= 1280) {
    for (const el of document.querySelectorAll('main *')) {
      const x = getComputedStyle(el).overflowX;
      if ((x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1)
        out.push(`at ${width} px ${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} scrolls sideways (${el.scrollWidth} px of content in ${el.clientWidth} px)`);
    }
  }
  return out;
}

async function shot(page, name, viewport = DESKTOP) {
  if (!SHOTS) return;
  await page.setViewportSize(viewport);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: viewport === DESKTOP, animations: 'disabled' });
  await page.setViewportSize(DESKTOP);
}

// Rows of the replication list as the page shows them.
async function rows(page) {
  return page.$$eval('table#registries tbody tr[data-registry-id]', (trs) =>
    trs.map((tr) => {
      const f = (name) => {
        const el = tr.querySelector(`[data-field=${name}]`);
        return el ? el.textContent.trim() : null;
      };
      return {
        id: Number(tr.dataset.registryId),
        registryId: f('registry-id'),
        modelId: f('model-id'),
        replication: f('replication-state'),
        verification: f('verification-state'),
        syncFailure: f('last-sync-failure'),
      };
    }),
  );
}
const rowIds = async (page) => (await rows(page)).map((r) => r.id);

async function login(page, base, returnTo) {
  const target = returnTo || '/admin/';
  await page.goto(base + target);
  expect(new URL(page.url()).pathname === '/admin/login', `GET ${target} without a session landed on ${page.url()}, want /admin/login`);
  await page.fill('input#token', TOKEN);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/admin/login'), page.click('button#login-submit')]);
}

// --- scenarios -------------------------------------------------------------

const scenarios = [];
const scenario = (name, fn) => scenarios.push({ name, fn });
const state = {}; // pages and sites shared by the scenarios

scenario('API refused without a token', async () => {
  const resp = await fetch(SECONDARY + '/api/graphql', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ geoNode { name } }' }),
  });
  expectEqual(resp.status, 401, 'POST /api/graphql without a token: status');
  const ok = await fetch(SECONDARY + '/api/graphql', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query: '{ geoNode { name } }' }),
  });
  expectEqual([ok.status, (await ok.json()).data?.geoNode?.name], [200, SEED.secondary], 'the same query with the token');
});

scenario('refused without a token', async ({ browser }) => {
  const site = await siteContext(browser, SECONDARY);
  const page = await newPage(site);
  const wanted = `${listPath()}?replication_state=failed`;
  const resp = await page.request.get(SECONDARY + wanted, { maxRedirects: 0 });
  expectEqual(resp.status(), 303, `GET ${wanted} without a session: status`);
  await page.goto(SECONDARY + wanted);
  const u = new URL(page.url());
  expectEqual(u.pathname, '/admin/login', 'redirected to');
  expectEqual(u.searchParams.get('return_to'), wanted, 'return_to');
  const api = await page.request.post(SECONDARY + '/api/graphql', { data: { query: '{ geoNode { name } }' }, maxRedirects: 0 });
  expectEqual(api.status(), 401, 'POST /api/graphql without a token: status');
  const post = await page.request.post(SECONDARY + '/admin/logout', { form: { csrf_token: 'x' }, maxRedirects: 0 });
  expectEqual(post.status(), 403, 'POST /admin/logout without a session: status');

  await checkPage(page, 'login', { authenticated: false, site });
  await shot(page, 'login');
  await page.fill('input#token', 'not-the-token');
  const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button#login-submit')]);
  expectEqual(answer.status(), 401, 'POST /admin/login with a wrong token: status');
  const alert = (await page.textContent('[role=alert]')) || '';
  expect(/invalid/i.test(alert), `the login page after a wrong token says ${JSON.stringify(alert)}, want "Invalid token"`);
  expect(!(await site.context.cookies()).some((c) => c.name === 'geogen_session' && c.value), 'a wrong token got a session cookie');
  await checkPage(page, 'login-failed', { authenticated: false, site });
  await site.context.close();
});

scenario('log in', async ({ browser }) => {
  const site = await siteContext(browser, SECONDARY);
  const page = await newPage(site);
  state.secondary = { site, page };
  const wanted = `${listPath()}?replication_state=failed`;
  await login(page, SECONDARY, wanted);
  expectEqual(new URL(page.url()).pathname + new URL(page.url()).search, wanted, 'after logging in, the page');
  const cookie = (await site.context.cookies()).find((c) => c.name === 'geogen_session');
  expect(cookie, 'no geogen_session cookie after logging in');
  expect(cookie.httpOnly, 'the session cookie is not HttpOnly');
  expectEqual(cookie.sameSite, 'Strict', 'the session cookie SameSite');
  expectEqual(cookie.path, '/admin', 'the session cookie Path');
  expect(!cookie.value.includes(TOKEN), 'the session cookie holds the token');
  const resp = await page.goto(SECONDARY + listPath());
  const h = resp.headers();
  expect(/default-src 'self'/.test(h['content-security-policy'] || ''), `Content-Security-Policy: ${h['content-security-policy']}`);
  expect(!/unsafe-inline/.test(h['content-security-policy'] || ''), `Content-Security-Policy allows inline code: ${h['content-security-policy']}`);
  expectEqual(h['x-frame-options'], 'DENY', 'X-Frame-Options');
  expectEqual(h['referrer-policy'], 'same-origin', 'Referrer-Policy');
  expectEqual(h['x-content-type-options'], 'nosniff', 'X-Content-Type-Options');
  await page.goto(SECONDARY + '/admin/');
  expectEqual(new URL(page.url()).pathname, '/admin/geo/sites', 'GET /admin/ leads to');
});

scenario('replication list', async () => {
  const { site, page } = state.secondary;
  await page.goto(SECONDARY + listPath());
  const header = (await page.textContent('header')) || '';
  expect(header.includes(SEED.secondary) && /secondary/i.test(header), `the header says ${JSON.stringify(header.trim())}, want the site's name and role`);
  for (const type of [SEED.type, SEED.emptyType]) {
    expect(await page.$(`nav#type-switcher a[href*="${listPath(type)}"]`), `nav#type-switcher has no link to ${listPath(type)}`);
  }
  const rs = await rows(page);
  expectEqual(rs.length, 20, 'rows on the first page');
  const all = [...SEED.failed, ...SEED.synced].sort((a, b) => a - b).map(reg);
  expectEqual(rs.map((r) => r.id), all.slice(0, 20), 'registry ids of the first page (id_asc)');
  for (const r of rs) {
    expectEqual(r.registryId, String(r.id), `registry ${r.id}: the registry-id cell`);
    expectEqual(r.modelId, String(r.id - SEED.registryIdOffset), `registry ${r.id}: the model-id cell`);
  }
  const synced = rs.find((r) => r.id === reg(SEED.synced[0]));
  expectEqual([synced.replication, synced.verification], ['synced', 'succeeded'], `registry ${synced.id}: state badges`);
  for (const action of ['details', 'resync', 'reverify']) {
    expect(await page.$(`tr[data-registry-id="${synced.id}"] [data-action=${action}]`), `registry ${synced.id}: no ${action} in its row`);
  }
  const missing = rs.find((r) => r.id === reg(SEED.missing[0]));
  expectEqual(missing.replication, 'failed', `registry ${missing.id}: replication badge`);
  expect(missing.syncFailure && missing.syncFailure.includes('missing on the primary'), `registry ${missing.id}: failure ${JSON.stringify(missing.syncFailure)}`);
  const times = await page.$$eval('table#registries time', (ts) => ts.map((t) => ({ dt: t.getAttribute('datetime'), title: t.title, text: t.textContent.trim() })));
  expect(times.length > 0, 'no <time> in the list');
  for (const t of times) {
    expect(!Number.isNaN(Date.parse(t.dt)) && /T.*(Z|[+-]\d\d:\d\d)$/.test(t.dt), `<time datetime=${JSON.stringify(t.dt)}> is not RFC 3339`);
    expect(t.title, `<time datetime=${t.dt}> has no title with the exact time`);
    expect(/ago|just now|in /i.test(t.text), `<time datetime=${t.dt}> says ${JSON.stringify(t.text)}, want a relative time`);
  }
  await checkPage(page, 'replication', { site });
  await shot(page, 'replication');
  await shot(page, 'replication-phone', PHONE);

  await page.click(`nav#type-switcher a[href*="${listPath(SEED.emptyType)}"]`);
  await page.waitForURL((u) => u.pathname === listPath(SEED.emptyType));
  const empty = (await page.textContent('[data-testid=empty-state]')) || '';
  expect(empty.trim().length > 20, `the empty state says ${JSON.stringify(empty.trim())}, want what to do`);
  await checkPage(page, 'replication-empty', { site });
});

scenario('filter, search and sort', async () => {
  const { site, page } = state.secondary;
  await page.goto(SECONDARY + listPath());
  await page.selectOption('form#filters select[name=replication_state]', 'failed');
  await Promise.all([page.waitForURL((u) => u.searchParams.get('replication_state') === 'failed'), page.click('button#apply-filters')]);
  let rs = await rows(page);
  expectEqual(rs.length, 20, 'failed rows on the first page');
  for (const r of rs) {
    expectEqual(r.replication, 'failed', `registry ${r.id} in the failed filter`);
    expect(r.syncFailure, `registry ${r.id}: no last-sync-failure`);
  }
  expectEqual(await page.inputValue('form#filters select[name=replication_state]'), 'failed', 'the filter form keeps the filter');
  await checkPage(page, 'replication-failed', { site });
  await shot(page, 'replication-failed');

  // The URL reproduces the view in a fresh page.
  const again = await site.context.newPage();
  await again.goto(page.url());
  expectEqual(await rowIds(again), rs.map((r) => r.id), 'the filtered view opened from its URL');
  await again.close();

  await page.goto(SECONDARY + `${listPath()}?verification_state=succeeded`);
  rs = await rows(page);
  expectEqual(rs.map((r) => r.id), SEED.synced.slice(0, 20).map(reg), 'verification_state=succeeded');

  await page.goto(SECONDARY + listPath());
  const ids = [reg(SEED.mismatch), reg(SEED.resync)];
  await page.fill('form#filters input[name=ids]', ids.join(','));
  await Promise.all([page.waitForURL((u) => u.searchParams.has('ids')), page.click('button#apply-filters')]);
  expectEqual(await rowIds(page), ids.sort((a, b) => a - b), `ids=${ids.join(',')}`);

  await page.goto(SECONDARY + `${listPath()}?replication_state=failed&sort=id_desc`);
  expectEqual((await rowIds(page))[0], reg(Math.max(...SEED.failed)), 'first row of failed, id_desc');
  await page.goto(SECONDARY + `${listPath()}?replication_state=synced&sort=last_synced_at_desc`);
  expectEqual((await rowIds(page)).slice(0, 3), SEED.synced.slice(0, 3).map(reg), 'synced, last_synced_at_desc (newest first)');
  await page.goto(SECONDARY + `${listPath()}?replication_state=synced&sort=last_synced_at_asc`);
  expectEqual((await rowIds(page))[0], reg(SEED.synced[SEED.synced.length - 1]), 'synced, last_synced_at_asc (oldest first)');
});

scenario('paginate', async () => {
  const { page } = state.secondary;
  const failed = SEED.failed.map(reg).sort((a, b) => a - b);
  await page.goto(SECONDARY + `${listPath()}?replication_state=failed`);
  expect(!(await page.$('a#prev-page')), 'the first page has a previous-page link');
  const first = await rowIds(page);
  expectEqual(first, failed.slice(0, 20), 'page 1');
  await Promise.all([page.waitForURL((u) => u.searchParams.has('after')), page.click('a#next-page')]);
  expectEqual(new URL(page.url()).searchParams.get('replication_state'), 'failed', 'the next page keeps the filter');
  expectEqual(await rowIds(page), failed.slice(20, 40), 'page 2');
  await Promise.all([page.waitForURL((u) => !u.searchParams.has('after')), page.click('a#prev-page')]);
  expectEqual(await rowIds(page), first, 'back to page 1');

  // Every failed row once, 100 a page.
  await page.goto(SECONDARY + `${listPath()}?replication_state=failed&first=100`);
  const seen = [];
  for (let i = 0; i < 10; i++) {
    seen.push(...(await rowIds(page)));
    const next = await page.$('a#next-page');
    if (!next) break;
    const before = page.url();
    await Promise.all([page.waitForURL((u) => u.href !== before), next.click()]);
  }
  expectEqual(seen, failed, `all ${failed.length} failed rows, 100 a page`);
});

scenario('registry details', async () => {
  const { site, page } = state.secondary;
  await page.goto(SECONDARY + `${listPath()}?ids=${reg(SEED.mismatch)}`);
  await Promise.all([page.waitForURL((u) => u.pathname !== listPath()), page.click('a[data-action=details]')]);
  expectEqual(new URL(page.url()).pathname, `${listPath()}/${reg(SEED.mismatch)}`, 'the details link');
  const fields = (await page.textContent('dl#registry-fields')) || '';
  for (const [what, sum] of [['checksum', SEED.mismatchChecksum], ['expected checksum', SEED.expectedChecksum]]) {
    expect(fields.includes(sum), `the details do not show the ${what} ${sum}`);
  }
  expect(/retry/i.test(fields), 'the details do not show the retry schedule');
  expect((await page.$$('button[data-copy]')).length >= 2, 'fewer than two copy buttons');
  expect(!(await page.$('[data-testid=missing-on-primary]')), 'a missing-on-primary callout on a record the primary has');
  expect(await page.$('button[data-action=resync]'), 'no Resync button');
  await checkPage(page, 'details-mismatch', { site });
  await shot(page, 'details-mismatch');

  await page.goto(SECONDARY + `${listPath()}/${reg(SEED.synced[0])}`);
  for (const action of ['resync', 'reverify']) {
    expect(await page.$(`button[data-action=${action}]`), `no ${action} button on a synced record's details`);
  }

  await page.goto(SECONDARY + `${listPath()}/${reg(SEED.missing[0])}`);
  const callout = await page.$('[data-testid=missing-on-primary]');
  expect(callout && (await callout.isVisible()), 'no visible missing-on-primary callout');
  await checkPage(page, 'details-missing', { site });
});

scenario('resync one failed registry', async () => {
  const { page } = state.secondary;
  const id = reg(SEED.resync);
  const list = SECONDARY + `${listPath()}?ids=${id}`;
  await page.goto(list);
  expectEqual((await rows(page)).map((r) => r.replication), ['failed'], `registry ${id} before`);
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.click(`tr[data-registry-id="${id}"] button[data-action=resync]`),
  ]);
  expectEqual(resp.status(), 303, 'POST of Resync: status');
  await page.waitForLoadState();
  expectEqual(page.url(), list, 'after Resync, the page');
  await until(`registry ${id} synced`, 60000, async () => {
    await page.reload();
    expectEqual((await rows(page)).map((r) => r.replication), ['synced'], `registry ${id}`);
  });
});

scenario('bulk actions take the list\'s filters', async () => {
  const { site, page } = state.secondary;
  // Three failed rows and a synced one, by id: "resync all failed" covers
  // the three, and the confirmation names the ids filter.
  const failed = SEED.failed.filter((id) => id !== SEED.resync).slice(0, 3).map(reg);
  const ids = [...failed, reg(SEED.synced[0])].join(',');
  await page.goto(SECONDARY + `${listPath()}?ids=${ids}`);
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/bulk')), page.click('[data-bulk=resync_all_failed]')]);
  expectEqual(new URL(page.url()).searchParams.get('ids'), ids, 'the ids the confirmation is asked for');
  const count = Number(((await page.textContent('[data-testid=bulk-count]')) || '').replace(/[^\d]/g, ''));
  expectEqual(count, failed.length, 'rows the confirmation says match among the ids');
  const filters = (await page.textContent('[data-testid=bulk-filters]')) || '';
  expect(filters.includes(`4 registry ids (${ids})`), `the confirmation says ${JSON.stringify(filters.trim())}, want the ids filter`);
  await checkPage(page, 'bulk-confirm-ids', { site });
  await Promise.all([page.waitForURL((u) => u.pathname === listPath()), page.click('a#bulk-cancel')]);
  expectEqual(new URL(page.url()).searchParams.get('ids'), ids, 'Cancel goes back to the filtered list');

  // The list shows synced rows: "resync all failed" cannot match any.
  await page.goto(SECONDARY + `${listPath()}?replication_state=synced`);
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/bulk')), page.click('[data-bulk=resync_all_failed]')]);
  const conflict = (await page.textContent('[data-testid=bulk-conflict]')) || '';
  expect(/failed registries, and the list shows synced ones/.test(conflict), `the confirmation says ${JSON.stringify(conflict.trim())}, want why nothing matches`);
  expect(!(await page.$('button#bulk-confirm')), 'a confirm button for an action that matches nothing');
  await checkPage(page, 'bulk-conflict', { site });
});

scenario('resync all failed', async () => {
  const { site, page } = state.secondary;
  const expected = SEED.failed.length - 1; // the one resynced alone is synced
  await page.goto(SECONDARY + `${listPath()}?replication_state=failed`);
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/bulk')), page.click('[data-bulk=resync_all_failed]')]);
  const u = new URL(page.url());
  expectEqual([u.pathname, u.searchParams.get('action')], [`${listPath()}/bulk`, 'resync_all_failed'], 'the confirmation page');
  const count = Number(((await page.textContent('[data-testid=bulk-count]')) || '').replace(/[^\d]/g, ''));
  expectEqual(count, expected, 'rows the confirmation says match');
  const scope = (await page.textContent('[data-testid=bulk-filters]')) || '';
  expect(scope.includes('replication state failed'), `the confirmation says ${JSON.stringify(scope.trim())}, want the list's filter`);
  expect(await page.$(`a[href*="${listPath()}"]:not([data-bulk])`), 'no cancel link back to the list');
  await checkPage(page, 'bulk-confirm', { site });
  await shot(page, 'bulk-confirm');
  await Promise.all([page.waitForURL((u) => u.pathname === listPath()), page.click('button#bulk-confirm')]);
  const job = page.locator('section#bulk-jobs [data-job]').first();
  await job.waitFor();
  // The page refreshes the section by itself while the job runs.
  await page.locator('section#bulk-jobs [data-job] [data-job-state=finished], section#bulk-jobs [data-job][data-job-state=finished]').first().waitFor({ timeout: 60000 });
  const bar = await job.evaluate((el) => {
    const b = el.querySelector('[role=progressbar], meter, progress');
    if (!b) return null;
    return b.getAttribute('role') === 'progressbar'
      ? { now: Number(b.getAttribute('aria-valuenow')), max: Number(b.getAttribute('aria-valuemax')) }
      : { now: Number(b.value), max: Number(b.max) };
  });
  expect(bar, 'the job has no progress bar');
  expect(bar.now === bar.max && bar.max > 0, `the finished job's progress: ${bar.now} of ${bar.max}`);
  await checkPage(page, 'bulk-jobs', { site });
  // The sync workers take the rows: only the records missing on the
  // primary fail again.
  await until('failed rows down to the ones missing on the primary', 120000, async () => {
    await page.goto(SECONDARY + `${listPath()}?replication_state=failed`);
    expectEqual(await rowIds(page), SEED.missing.map(reg), 'failed rows');
  }, 1000);
});

scenario('CSRF refused', async () => {
  const { page } = state.secondary;
  const id = reg(SEED.missing[1]);
  await page.goto(SECONDARY + `${listPath()}?ids=${id}`);
  const form = page.locator(`tr[data-registry-id="${id}"] form:has(button[data-action=resync])`);
  const action = new URL((await form.getAttribute('action')) || page.url(), page.url()).href;
  const fields = await form.evaluate((f) => {
    const out = {};
    for (const el of f.elements) if (el.name) out[el.name] = el.value;
    return out;
  });
  expect(fields.csrf_token, 'the Resync form has no csrf_token');
  const post = (form, headers = {}) => page.request.post(action, { form, headers, maxRedirects: 0 });
  const { csrf_token, ...without } = fields;
  for (const [what, resp] of [
    ['without csrf_token', await post(without)],
    ['with a wrong csrf_token', await post({ ...fields, csrf_token: csrf_token.slice(0, -2) + (csrf_token.endsWith('00') ? '11' : '00') })],
  ]) {
    expectEqual(resp.status(), 403, `POST ${what}: status`);
    expect(/CSRF/.test(await resp.text()), `POST ${what}: the answer does not say CSRF`);
  }
  const foreign = await post(fields, { Origin: 'http://attacker.example' });
  expectEqual(foreign.status(), 403, 'POST from a foreign Origin: status');
  // The same request from the site's own origin goes through, so the
  // refusals above are the CSRF checks and not a malformed request.
  const own = await post(fields, { Origin: SECONDARY });
  expectEqual(own.status(), 303, 'the same POST with its token from the site itself: status');
});

scenario('sites overview on the primary', async ({ browser }) => {
  const site = await siteContext(browser, PRIMARY);
  const page = await newPage(site);
  state.primary = { site, page };
  await login(page, PRIMARY);
  expectEqual(new URL(page.url()).pathname, '/admin/geo/sites', 'after logging in without return_to');
  const header = (await page.textContent('header')) || '';
  expect(header.includes(SEED.primary) && /primary/i.test(header), `the header says ${JSON.stringify(header.trim())}, want the site's name and role`);
  await until('the secondary in the sites table', 30000, async () => {
    await page.reload();
    expect(await page.$(`table#sites tr[data-site="${SEED.secondary}"]`), `no row for ${SEED.secondary}`);
  });
  expect(await page.$(`table#sites tr[data-site="${SEED.primary}"]`), `no row for ${SEED.primary}`);
  const bars = await page.$$eval(`table#sites tr[data-site="${SEED.secondary}"] [role=progressbar], table#sites tr[data-site="${SEED.secondary}"] meter`, (bs) =>
    bs.map((b) => Number(b.getAttribute('aria-valuenow') ?? b.value)),
  );
  expect(bars.length >= 2, `${bars.length} percentage bars for the secondary, want replicated and verified per type`);
  for (const v of bars) expect(v >= 0 && v <= 100, `a bar at ${v}`);
  // The type without records has nothing to replicate, not 0%.
  const none = await page.$$eval(`table#sites tr[data-site="${SEED.secondary}"] [data-progress=none]`, (ns) => ns.map((n) => n.textContent.trim()));
  expect(none.some((t) => /nothing to replicate/.test(t)), `the secondary's empty type says ${JSON.stringify(none)}, want nothing to replicate`);
  await checkPage(page, 'sites', { site });
  await shot(page, 'sites');

  await page.goto(PRIMARY + listPath());
  const text = (await page.textContent('main')) || '';
  expect(/secondar/i.test(text), 'the replication list on the primary does not point to the secondaries');
  await checkPage(page, 'replication-on-primary', { site });
});

scenario('checksums on the primary', async () => {
  const { site, page } = state.primary;
  const base = `/admin/data_management/${SEED.type}`;
  await page.goto(PRIMARY + base);
  expectEqual((await page.$$('button[data-action=checksum]')).length, 20, 'checksum buttons on the first page');
  expect(await page.$('a#next-page'), 'no next page over 300 records');
  expect(await page.$('[data-bulk=checksum_all_failed]'), 'no "recompute all failed"');
  await checkPage(page, 'checksums', { site });
  await shot(page, 'checksums');
  await page.selectOption('select[name=checksum_state]', 'failed');
  await Promise.all([page.waitForURL((u) => u.searchParams.get('checksum_state') === 'failed'), page.click('form:has(select[name=checksum_state]) [type=submit]')]);
  const failedRows = page.locator('tr:has(button[data-action=checksum])');
  if ((await failedRows.count()) !== SEED.missing.length) {
    const shown = (await failedRows.count()) ? await failedRows.allTextContents() : [((await page.textContent('main')) || '').slice(0, 400)];
    await page.goto(PRIMARY + `${base}?ids=${SEED.missing.join(',')}`);
    const missing = await page.locator('tr:has(button[data-action=checksum])').allTextContents();
    throw new Check(`rows with checksum_state=failed: ${JSON.stringify(shown.map((t) => t.replace(/\s+/g, ' ').trim()))}, want the ${SEED.missing.length} records without a blob, which show as ${JSON.stringify(missing.map((t) => t.replace(/\s+/g, ' ').trim()))}`);
  }
  for (let i = 0; i < SEED.missing.length; i++) {
    const text = await failedRows.nth(i).textContent();
    expect(/failed/.test(text), `row ${i} of the failed filter says ${JSON.stringify(text.trim())}`);
    expect(text.includes(String(SEED.missing[i])), `row ${i} of the failed filter does not show record ${SEED.missing[i]}`);
  }
  await checkPage(page, 'checksums-failed', { site });
  const [resp] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), failedRows.first().locator('button[data-action=checksum]').click()]);
  expectEqual(resp.status(), 303, 'POST of Recompute: status');
  await page.waitForLoadState();
  const back = new URL(page.url());
  expectEqual([back.pathname, back.searchParams.get('checksum_state')], [base, 'failed'], 'after Recompute, the page');
});

scenario('log out', async () => {
  const { page } = state.secondary;
  await page.goto(SECONDARY + listPath());
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin/login'), page.click('form[action$="/admin/logout"] button')]);
  await page.goto(SECONDARY + listPath());
  expectEqual(new URL(page.url()).pathname, '/admin/login', 'after logging out, the list leads to');
});

// --- run -------------------------------------------------------------------

const only = process.env.GEOGEN_CONSOLE_SCENARIOS ? process.env.GEOGEN_CONSOLE_SCENARIOS.split(',') : null;
const browser = await chromium.launch({
  executablePath: env('GEOGEN_CHROMIUM'),
  headless: true,
  // Playwright gives the browser a fresh temporary --user-data-dir.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
report.browser = `Chromium ${browser.version()}`;
if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
let failed = false;
for (const { name, fn } of scenarios) {
  if (only && !only.includes(name)) continue;
  const start = Date.now();
  let error = '';
  try {
    await fn({ browser });
  } catch (e) {
    error = e instanceof Check ? e.message : (e && e.stack) || String(e);
    failed = true;
  }
  const ms = Date.now() - start;
  log(`${error ? 'FAIL' : 'ok  '} ${name} (${ms} ms)${error ? ': ' + error.split('\n')[0] : ''}`);
  report.scenarios.push({ name, ok: !error, error, ms });
}
for (const p of report.pages) if (p.violations.length) failed = true;
await browser.close();
process.stdout.write(JSON.stringify(report) + '\n');
process.exit(failed ? 1 : 0);
