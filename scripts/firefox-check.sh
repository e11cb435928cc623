#!/usr/bin/env bash
# Firefox too: opens the built sample from file:// in Debian's Firefox ESR,
# driven by puppeteer-core (npm) over WebDriver BiDi, and does what a reader
# does most: navigate, search (the header's list and the search page, with a
# filter from the address), tick a reading of a plan and find it ticked after
# a reload. Prints one line per check and "N passed, N failed".
#   scripts/firefox-check.sh            # builds the sample with target/debug/shuyuan
# Needs: apt-get install firefox-esr; npm (puppeteer-core goes to .ci/node).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v firefox-esr >/dev/null || { echo "firefox-esr missing: apt-get install -y firefox-esr" >&2; exit 2; }
[ -d .ci/node/node_modules/puppeteer-core ] || npm install --prefix .ci/node --no-audit --no-fund puppeteer-core@24 >&2
[ -x target/debug/shuyuan ] || cargo build >&2
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
target/debug/shuyuan build --root . --out "$site/public" >/dev/null
SITE="$site/public" FIREFOX="$(command -v firefox-esr)" node - <<'JS'
const puppeteer = require(process.cwd() + '/.ci/node/node_modules/puppeteer-core');
const site = 'file://' + process.env.SITE + '/';
let passed = 0, failed = 0;
async function check(name, f) {
  const t = Date.now();
  try { await f(); passed++; console.log(`ok   ${name} (${Date.now() - t} ms)`); }
  catch (e) { failed++; console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`); }
}
function expect(ok, what) { if (!ok) throw new Error(what); }
(async () => {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: process.env.FIREFOX, headless: true });
  const version = await browser.version();
  console.log('browser: ' + version);
  const p = await browser.newPage();
  const errors = [];
  p.on('pageerror', e => errors.push(e.message));
  await p.setViewport({ width: 1280, height: 900 });

  await check('home opens from file:// with its styles and scripts', async () => {
    await p.goto(site + 'index.html');
    const h1 = await p.$eval('h1', e => e.textContent);
    expect(h1.includes('意识形态工作学习文库'), 'h1: ' + h1);
    const styled = await p.evaluate(() => getComputedStyle(document.body).fontSize);
    expect(styled === '17px', 'body font-size ' + styled);
  });
  await check('home → topic → document', async () => {
    await Promise.all([p.waitForNavigation(), p.click('.tag-cloud a')]);
    expect(p.url().includes('/topic/'), p.url());
    await Promise.all([p.waitForNavigation(), p.click('.page-link')]);
    await p.waitForSelector('h1.doc-title');
  });
  await check('header search lists results, 查看全部结果 in sight', async () => {
    await p.goto(site + 'index.html');
    await p.click('#site-search-input');
    await p.keyboard.type('意识形态');
    await p.waitForSelector('#site-search-list:not([hidden]) a[role=option]', { timeout: 15000 });
    const m = await p.evaluate(() => {
      const l = document.getElementById('site-search-list').getBoundingClientRect();
      const a = document.querySelector('#site-search-list .see-all').getBoundingClientRect();
      return { width: l.width, n: document.querySelectorAll('#site-search-list a[role=option]').length, seeAll: a.bottom <= l.bottom + 1 && a.bottom <= innerHeight };
    });
    expect(m.n >= 2 && m.seeAll && m.width > 500, JSON.stringify(m));
  });
  await check('↓ Enter opens a result with the query marked', async () => {
    await p.keyboard.press('ArrowDown');
    await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
    expect(p.url().includes('?q='), p.url());
    await p.waitForSelector('mark.search-current', { timeout: 15000 });
  });
  await check('search page with a filter from the address', async () => {
    await p.goto(site + 'search.html?q=' + encodeURIComponent('意识形态') + '&kind=study');
    await p.waitForSelector('#search-results .result', { timeout: 15000 });
    const kinds = await p.$$eval('#search-results .result .badge:first-child', bs => bs.map(b => b.textContent));
    expect(kinds.length > 0 && kinds.every(k => k === '学习资料'), JSON.stringify(kinds));
    const sel = await p.$eval('select[name=kind]', s => s.value);
    expect(sel === '0', 'kind select ' + sel);
  });
  await check('a plan reading ticked stays ticked after a reload', async () => {
    await p.goto(site + 'plans/bao-mi-gong-zuo.html');
    await p.waitForSelector('input.reading-done');
    await p.click('input.reading-done');
    await p.reload();
    await p.waitForSelector('input.reading-done');
    await new Promise(r => setTimeout(r, 300));
    const ticked = await p.$eval('input.reading-done', i => i.checked);
    expect(ticked, 'not ticked after reload');
    await p.click('input.reading-done');
  });
  await check('no script errors', async () => { expect(!errors.length, errors.join('; ')); });
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
JS
