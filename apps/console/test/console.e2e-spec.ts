import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { eventually } from '@ledger/testing';
import { MongoClient } from 'mongodb';
import type { Browser, Page } from 'playwright-core';
import { keepScreenshot, launchChromium } from './browser.js';
import { ConsoleSystem, KEYS, START_TIMEOUT_MS } from './console-system.harness.js';

// Five processes, two embedded servers and a browser on a busy 2-core machine.
jest.setTimeout(60_000);

/**
 * The console in headless Chromium against the whole system: commands go through the command
 * API, the projectors settle them, and the operator looks at what happened through the page.
 */
describe('the ledger console, in a browser', () => {
  let system: ConsoleSystem;
  let browser: Browser;
  let page: Page;
  const owner = randomUUID();
  let accountA: string;
  let accountB: string;
  let transferId: string;

  beforeAll(async () => {
    [system, browser] = await Promise.all([ConsoleSystem.start(), launchChromium()]);
    ({ accountId: accountA } = await system.command('/accounts', { ownerId: owner, currency: 'EUR' }));
    ({ accountId: accountB } = await system.command('/accounts', { ownerId: randomUUID(), currency: 'EUR' }));
    await system.command(`/accounts/${accountA}/deposits`, { amount: 5_000 });
    await system.command(`/accounts/${accountA}/withdrawals`, { amount: 1_500 });
    await system.command(`/accounts/${accountA}/deposits`, { amount: 100 });
    ({ transferId } = await system.command(
      '/transfers',
      { fromAccountId: accountA, toAccountId: accountB, amount: 1_000 },
      { 'idempotency-key': 'console-transfer-1' },
    ));
    // Settled, so the streams the tests look at no longer move.
    await eventually(
      async () =>
        (await system.query(`/transfers/${transferId}`)).body.status === 'completed' ? true : undefined,
      'the transfer completed',
      30_000,
    );
  }, 2 * START_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await ConsoleSystem.stop();
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });
  afterEach(async () => {
    await page.context().close();
  });

  /** Opens a deep link and enters the key once, as an operator does. */
  const open = async (hash: string, key = KEYS.operator) => {
    await page.goto(`${system.urls.console}/${hash}`);
    await page.getByLabel('Key (kept in this tab only)').fill(key);
    await page.getByRole('button', { name: 'Open the console' }).click();
  };

  it('refuses a wrong key without showing any data, and keeps it out of the URL', async () => {
    await open('#/streams?prefix=account-', 'not-a-key');
    await page.getByRole('alert').filter({ hasText: 'refused' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(0);
    expect(await page.getByText(accountA).count()).toBe(0);
    expect(page.url()).not.toContain('not-a-key');
    await keepScreenshot(page, 'refused');
  });

  it("finds the account's stream by prefix and shows its events, with data when opened", async () => {
    await open('#/streams?prefix=account-');
    await page.getByRole('link', { name: `account-${accountA}` }).click();
    const events = page.locator('li.event summary');
    await events.first().waitFor();
    expect(await events.allInnerTexts()).toEqual([
      expect.stringMatching(/^#0 AccountOpened v\d/),
      expect.stringMatching(/^#1 MoneyDeposited/),
      expect.stringMatching(/^#2 MoneyWithdrawn/),
      expect.stringMatching(/^#3 MoneyDeposited/),
      expect.stringMatching(/^#4 TransferDebited/),
      expect.stringMatching(/^#5 TransferDebitSettled/),
    ]);
    await events.first().click();
    await expect(page.locator('li.event pre').first().innerText()).resolves.toContain(owner);
    expect(page.url()).toContain(`#/stream/account-${accountA}`);
    await keepScreenshot(page, 'stream');
  });

  it('travels back to revision 2 and shows the balance as it was then, and what that step changed', async () => {
    await open(`#/travel/account-${accountA}?revision=0`);
    const slider = page.getByRole('slider');
    await slider.focus();
    await slider.press('ArrowRight');
    await page.locator('#revision-shown', { hasText: '1' }).waitFor();
    await slider.press('ArrowRight');
    await page.locator('#revision-shown', { hasText: '2' }).waitFor();
    await expect(page.getByTestId('state').innerText()).resolves.toContain('"balance": 3500');
    const change = page.locator('table.changes tr', {
      has: page.getByRole('rowheader', { name: 'balance' }),
    });
    await expect(change.innerText()).resolves.toMatch(/balance\s+5000\s+3500/);
    expect(page.url()).toContain('revision=2');
    await keepScreenshot(page, 'time-travel');
  });

  it("opens a transfer's correlation and shows the debit, the credit and the completion as causes", async () => {
    await open(`#/stream/transfer-${transferId}?from=0`);
    await page.locator('li.event summary').first().click();
    await page.getByRole('link', { name: /^Correlation / }).click();
    const tree = page.locator('ul.tree');
    await tree.getByText('TransferCompleted').waitFor();
    for (const type of ['TransferRequested', 'TransferDebited', 'TransferCredited', 'TransferCompleted']) {
      expect(await tree.getByText(type, { exact: true }).count()).toBeGreaterThan(0);
    }
    // The debit hangs under the request that caused it.
    const requested = tree
      .locator('li', { has: page.getByText('TransferRequested', { exact: true }) })
      .first();
    expect(await requested.getByText('TransferDebited', { exact: true }).count()).toBe(1);
    await keepScreenshot(page, 'correlation');
  });

  it('retries a parked event from the page, and it lands in the read model', async () => {
    // A unique index the projection's write breaks: the account opened next is parked.
    const mongo = await new MongoClient(system.mongo.uri).connect();
    try {
      const db = mongo.db('ledger');
      const summaries = (await db.listCollections().toArray())
        .map((c) => c.name)
        .filter((name) => name.startsWith('account-summary'));
      expect(summaries.length).toBeGreaterThan(0);
      for (const name of summaries)
        await db
          .collection(name)
          .createIndex({ ownerId: 1 }, { unique: true, name: 'one_account_per_owner' });
      const { accountId: accountC } = await system.command('/accounts', { ownerId: owner, currency: 'EUR' });
      await open('#/projections');
      const parked = page.locator('ul.parked li', { hasText: `account-${accountC}` });
      await parked.waitFor({ timeout: 30_000 });
      await keepScreenshot(page, 'projections');
      expect((await system.query(`/accounts/${accountC}`)).status).toBe(404);

      for (const name of summaries) await db.collection(name).dropIndex('one_account_per_owner');
      await parked.getByRole('button', { name: 'Retry' }).click();
      const landed = await eventually(async () => {
        const answer = await system.query(`/accounts/${accountC}`);
        return answer.status === 200 ? answer.body : undefined;
      }, 'the retried account in the read model');
      expect(landed).toMatchObject({ accountId: accountC, ownerId: owner, balance: 0 });
      await parked.waitFor({ state: 'detached' });
    } finally {
      await mongo.close();
    }
  });

  it('starts a blue-green rebuild from the page and watches it to the switch, while the query API keeps answering', async () => {
    const expected = (await system.query(`/accounts/${accountA}`)).body;
    expect(expected).toMatchObject({ balance: 2_600 });
    const answers: Array<{ status: number; balance: unknown }> = [];
    let rebuilding = true;
    const load = (async () => {
      while (rebuilding) {
        const { status, body } = await system.query(`/accounts/${accountA}`);
        answers.push({ status, balance: body.balance });
        // Paced, not waiting on anything: a steady trickle of reads through the switch.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      await open('#/projections');
      await page.getByRole('button', { name: 'Rebuild account-summary' }).click();
      const progress = page.getByTestId('rebuild');
      await progress.waitFor();
      await progress.filter({ hasText: /account-summary: done, 100%/ }).waitFor({ timeout: 45_000 });
      await keepScreenshot(page, 'rebuild');
    } finally {
      rebuilding = false;
      await load;
    }
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status !== 200 || a.balance !== 2_600)).toEqual([]);
    expect((await system.query(`/accounts/${accountA}`)).body).toEqual(expected);
  });

  it('follows $all live, and a paused feed shows nothing new until it resumes, then misses nothing', async () => {
    await open('#/feed');
    const feed = page.locator('ol.events');
    await feed.locator('li').first().waitFor();
    const live = await system.command(`/accounts/${accountB}/deposits`, { amount: 111, reference: 'live-1' });
    // That very event, not an older deposit already listed: the count below must include it.
    await feed.getByText(`@${live.position}`).first().waitFor();
    const depositsShown = () => feed.locator('li', { hasText: 'MoneyDeposited' }).count();
    const before = await depositsShown();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Paused').waitFor();
    const { position } = await system.command(`/accounts/${accountB}/deposits`, {
      amount: 222,
      reference: 'paused',
    });
    // Written and projected: a feed that was still open would have had it by now.
    await eventually(
      async () => ((await system.query(`/accounts/${accountB}`)).body.balance === 1_333 ? true : undefined),
      'read model',
    );
    expect(await depositsShown()).toBe(before);
    await page.getByRole('button', { name: 'Resume' }).click();
    await eventually(
      async () => ((await depositsShown()) === before + 1 ? true : undefined),
      'the deposit made while paused',
    );
    expect(await feed.locator('li').first().innerText()).toContain(`@${position}`);
    await keepScreenshot(page, 'feed');
  });

  it('is usable 390 px wide: nothing wider than the screen but what scrolls on its own', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await open('#/streams?prefix=account-');
    await page.getByRole('link', { name: `account-${accountA}` }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await keepScreenshot(page, 'streams-390px');
  });
});
