// The dashboard in real headless Chromium (playwright-core + the system's chromium): on the demo
// database (built by `blocwatch demo --no-serve`, i.e. the real pipeline), open the overview, click
// through to the Iran–Russia dyad, see its timeline drawn and a visit's evidence sentence, open the
// document and see the highlight; check that hostile text renders as text, that every view fits a
// 375 px phone screen, and that the views work from the keyboard. Screenshots go to test-output/.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { PACKAGE_ROOT } from '../../src/paths.ts';
import { buildApp } from '../../src/server/app.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { fixtureExtractions } from './fixture.ts';

function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not installed under this name
    }
  }
  return null;
}

const CHROMIUM = findChromium();
const OUT = resolve(PACKAGE_ROOT, 'test-output', 'browser');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (!CHROMIUM) {
  test('dashboard in Chromium', {
    skip: 'chromium not found: set CHROMIUM_PATH or `apt-get install -y --no-install-recommends chromium`',
  }, () => {});
} else {
  describe('dashboard in headless Chromium', () => {
    let dir: string;
    let store: Store;
    let app: Awaited<ReturnType<typeof buildApp>>;
    let base: string;
    let browser: BrowserContext;
    let userData: string;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'bw-browser-'));
      mkdirSync(OUT, { recursive: true });
      // the dashboard as `npm run build` makes it, from the current sources
      const webRoot = join(dir, 'web');
      await build({
        configFile: join(PACKAGE_ROOT, 'web', 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir: webRoot, emptyOutDir: true },
      });
      // the demo database, through the real pipeline (what `npm start` does before serving)
      const db = join(dir, 'demo.db');
      const demo = spawnSync(
        process.execPath,
        [join(PACKAGE_ROOT, 'bin', 'blocwatch.js'), 'demo', '--no-serve', '--db', db],
        {
          encoding: 'utf8',
          env: { ...process.env, BLOCWATCH_DB: db },
        },
      );
      assert.equal(demo.status, 0, `blocwatch demo failed: ${demo.stderr}`);
      store = await openStore(db);
      // plus one hostile article, to check that text is never rendered as HTML
      const hostile = fixtureExtractions().find((x) => x.doc.id === 'doc-script-tag')!;
      await store.storeExtraction(hostile);
      app = await buildApp({ store, webRoot });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
      userData = mkdtempSync(join(tmpdir(), 'bw-chromium-'));
      // a fresh profile directory for every run
      browser = await chromium.launchPersistentContext(userData, { executablePath: CHROMIUM, args: ARGS });
    });

    after(async () => {
      await browser?.close();
      await app?.close();
      await store?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (userData) rmSync(userData, { recursive: true, force: true });
    });

    async function newPage(width = 1280): Promise<{ page: Page; errors: string[] }> {
      const page = await browser.newPage();
      await page.setViewportSize({ width, height: 900 });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      return { page, errors };
    }

    async function shot(page: Page, name: string) {
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });
    }

    test('overview → Iran–Russia dyad → timeline and visit evidence → document highlight', async () => {
      const { page, errors } = await newPage();
      await page.goto(base);
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      await page.getByRole('heading', { name: 'Most active dyads' }).waitFor();
      const counts = await page.locator('.counts dd').allTextContents();
      assert.ok(Number(counts[1].replace(/\D/g, '')) > 100, `events shown: ${counts[1]}`);
      await shot(page, 'overview');

      await page
        .locator('a', { hasText: /^Iran – Russia$/ })
        .first()
        .click();
      await page.getByRole('heading', { name: 'Iran – Russia' }).waitFor();
      assert.match(page.url(), /#\/dyad\/IRN\/RUS$/);
      // the uPlot timeline drew on its canvas: some pixels are not blank
      const canvas = page.locator('[data-testid="timeline"] canvas').first();
      await canvas.waitFor();
      // (browser-side code is passed as strings: this file is type-checked without the DOM library)
      const inked = Number(
        await page.evaluate(
          `(() => { const c = document.querySelector('[data-testid="timeline"] canvas');
            const ctx = c && c.getContext('2d'); if (!ctx || c.width === 0) return 0;
            const data = ctx.getImageData(0, 0, c.width, c.height).data; let n = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++; return n; })()`,
        ),
      );
      assert.ok(inked > 500, `timeline canvas has ${inked} drawn pixels`);

      // a visit between the two (CAMEO 042/043) and its evidence sentence on the page
      const visits = (await (
        await fetch(`${base}api/events?pair=IRN,RUS&code=04&modality=asserted,reported&limit=100`)
      ).json()) as { events: { id: string; code: string; doc_id: string; evidence: { text: string } }[] };
      const visit = visits.events.find((e) => e.code === '042' || e.code === '043');
      assert.ok(visit, 'the demo corpus has an Iran–Russia visit');
      const item = page.locator('li.event', { hasText: visit.evidence.text }).first();
      await item.waitFor();
      await item.scrollIntoViewIfNeeded();
      await shot(page, 'dyad');

      await item.getByRole('link', { name: 'Open document' }).click();
      await page.locator('[data-testid="doc-text"]').waitFor();
      const active = page.locator('mark.hl.active').first();
      await active.waitFor();
      const highlighted = (await page.locator('mark.hl.active').allTextContents()).join('');
      assert.ok(
        highlighted.includes(visit.evidence.text.slice(0, 40)),
        `highlight '${highlighted.slice(0, 80)}' shows the evidence`,
      );
      const pressed = page.locator('button.ann[aria-pressed="true"]');
      assert.equal(await pressed.count(), 1);
      assert.match((await pressed.textContent()) ?? '', new RegExp(visit.code));
      await shot(page, 'document');
      assert.deepEqual(errors, []);
      await page.close();
    });

    test('network and map draw', async () => {
      const { page, errors } = await newPage();
      await page.goto(`${base}#/network`);
      const canvas = page.locator('[data-testid="network"] canvas').first();
      await canvas.waitFor();
      await page.getByRole('heading', { name: 'Blocs' }).waitFor();
      await page.waitForTimeout(500);
      await shot(page, 'network');
      await page.goto(`${base}#/map?with=IRN`);
      await page.getByRole('heading', { name: 'Map: alignment with Iran' }).waitFor();
      await page.getByRole('heading', { name: 'Partners of Iran' }).waitFor();
      const coloured = await page
        .locator('[data-testid="map"] path')
        .evaluateAll(
          (paths) =>
            paths.filter((p) => !['#f3f3f1', '#1d3557'].includes(p.getAttribute('fill') ?? '')).length,
        );
      assert.ok(coloured >= 1, 'partners are coloured on the map');
      await shot(page, 'map');
      assert.deepEqual(errors, []);
      await page.close();
    });

    test('a document with a script tag is shown as text and runs nothing', async () => {
      const { page } = await newPage();
      await page.goto(`${base}#/doc/doc-script-tag`);
      await page.locator('[data-testid="doc-text"]').waitFor();
      const text = (await page.locator('[data-testid="doc-text"]').textContent()) ?? '';
      assert.ok(text.includes('<script>window.__bwPwned = 1</script>'));
      assert.ok(text.includes('<img src=x onerror="window.__bwPwned = 2">'));
      assert.ok(((await page.locator('h1').textContent()) ?? '').startsWith('<script>'));
      assert.equal(await page.locator('#root script, #root img').count(), 0);
      assert.equal(await page.evaluate('typeof window.__bwPwned'), 'undefined');
      await shot(page, 'hostile-document');
      await page.close();
    });

    test('every view fits a 375 px phone screen', async () => {
      const { page, errors } = await newPage(375);
      for (const [name, hash] of [
        ['overview', '#/'],
        ['network', '#/network'],
        ['dyad', '#/dyad/IRN/RUS'],
        ['map', '#/map?with=IRN'],
        ['document', '#/doc/doc-script-tag'],
        ['events', '#/events?actor=IRN'],
      ]) {
        await page.goto(`${base}${hash}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForTimeout(400);
        const overflow = Number(
          await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
        );
        assert.ok(overflow <= 1, `${name} overflows by ${overflow}px at 375px`);
        await shot(page, `${name}-375`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    });

    test('keyboard: the skip link and the navigation work without a mouse', async () => {
      const { page } = await newPage();
      await page.goto(base);
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      await page.keyboard.press('Tab');
      const focused = () => page.evaluate('document.activeElement && document.activeElement.textContent');
      assert.equal(await focused(), 'Skip to content');
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('Tab');
        if ((await focused()) === 'Network') break;
      }
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Network' }).waitFor();
      assert.match(page.url(), /#\/network$/);
      await page.close();
    });
  });
}
