import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import type { CarrelDatabase } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { createTestDatabase } from './databases.ts';
import { chromiumPath } from './provision.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webRoot = path.join(root, 'web');
// Set CARREL_SCREENSHOTS to a folder to keep a picture of each screen a browser journey passes.
const screenshotFolder = process.env.CARREL_SCREENSHOTS;

function newestChange(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

/** Builds the staff client when web/dist is missing or older than its sources, as `npm start` does. */
export function buildStaffClientIfStale(): void {
  const builtIndex = path.join(webRoot, 'dist/index.html');
  const built = fs.existsSync(builtIndex) ? fs.statSync(builtIndex).mtimeMs : 0;
  const sources = Math.max(newestChange(path.join(webRoot, 'src')), newestChange(path.join(webRoot, 'index.html')), newestChange(path.join(webRoot, 'vite.config.ts')));
  if (built >= sources) return;
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`The staff client did not build:\n${build.stdout}\n${build.stderr}`);
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function keepScreenshot(page: Page, name: string): Promise<void> {
  if (!screenshotFolder) return;
  fs.mkdirSync(screenshotFolder, { recursive: true });
  await page.screenshot({ path: path.join(screenshotFolder, `${name}.png`), fullPage: true });
}

/**
 * The real server on a free loopback port, over a test database, serving a fresh build of the
 * staff client (built first: the server lists the client's files when it starts).
 */
export async function startServerForBrowser(database: CarrelDatabase): Promise<{ app: FastifyInstance; baseUrl: string }> {
  buildStaffClientIfStale();
  const { app } = await buildApp({ database, clock: systemClock, config: loadConfig({}), logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  return { app, baseUrl: `http://127.0.0.1:${address.port}` };
}

/** A fresh browser context on the staff client's sign-in page. */
export async function openStaffClient(browser: Browser, baseUrl: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  return page;
}

/** Sign in through the form, as a person would, and wait for the signed-in frame. */
export async function signInOnPage(page: Page, account: { username: string; password: string }): Promise<void> {
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

const axeSource = path.join(root, 'node_modules/axe-core/axe.min.js');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * The serious and critical accessibility problems axe-core finds on the screen as it is now (WCAG 2.1 A and AA rules).
 * Tests expect this to be empty for every screen: `expect(await seriousAxeFindings(page)).toEqual([])`.
 */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  // Evaluated rather than added as a script tag: the staff client's Content Security Policy forbids inline scripts.
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(fs.readFileSync(axeSource, 'utf8'));
  const findings = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  });
  return findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
}

export interface BrowserTest {
  database: CarrelDatabase & { dispose(): Promise<void> };
  app: FastifyInstance;
  baseUrl: string;
  browser: Browser;
}

/** A browser test's world: a fresh SQLite database, the real server over it, and Chromium. */
export async function startBrowserTest(): Promise<BrowserTest> {
  const database = await createTestDatabase('sqlite');
  const { app, baseUrl } = await startServerForBrowser(database);
  return { database, app, baseUrl, browser: await launchChromium() };
}

export async function stopBrowserTest(world: Partial<BrowserTest>): Promise<void> {
  await world.browser?.close();
  await world.app?.close();
  await world.database?.dispose();
}

/** A staff member signed in at the staff client, on one of its pages. */
export async function staffPageAt(browser: Browser, baseUrl: string, account: { username: string; password: string }, pathAndQuery: string): Promise<Page> {
  const page = await openStaffClient(browser, baseUrl);
  await signInOnPage(page, account);
  await page.getByRole('heading', { level: 1, name: 'Check out' }).waitFor();
  await page.goto(`${baseUrl}${pathAndQuery}`);
  return page;
}
