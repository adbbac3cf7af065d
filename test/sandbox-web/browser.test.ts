/**
 * The sandbox page in a real browser (Debian's Chromium, driven by playwright-core): a request
 * from slash command to COMPLETE, then the number given back with `/hosted remove`, clicked
 * through the page the way a person would. With
 * SANDBOX_SCREENSHOTS=<dir> (`npm run screenshots`) it saves a picture of each main step.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { type Sandbox, startSandbox } from '../../src/sandbox/web';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const SHOTS = process.env.SANDBOX_SCREENSHOTS;
const RILEY = 'U0RILEY';
const AVERY = 'U0AVERY';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

if (!haveChromium) {
  process.stderr.write(
    `SKIPPED test/sandbox-web/browser.test.ts: ${CHROMIUM} is missing (apt-get install -y chromium)\n`,
  );
}

const describeInBrowser = haveChromium ? describe : describe.skip;

describeInBrowser(
  `the sandbox page in Chromium${haveChromium ? '' : ` (skipped: ${CHROMIUM} missing)`}`,
  () => {
    let sandbox: Sandbox;
    let context: BrowserContext;
    let page: Page;
    let profile: string;

    beforeAll(async () => {
      // Orders move only when the test says so, so every step can be looked at.
      sandbox = await startSandbox({ port: 0, schedule: null, logLevel: 'silent' });
      profile = mkdtempSync(join(tmpdir(), 'sandbox-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1280, height: 860 },
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      page = context.pages()[0] ?? (await context.newPage());
      if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      await sandbox?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    async function shot(name: string, target: Page | Locator = page): Promise<void> {
      if (!SHOTS) return;
      // Park the pointer on the sidebar so no message shows its hover highlight.
      await page.mouse.move(5, 500);
      await target.screenshot({ path: join(SHOTS, `${name}.png`) });
    }

    const card = () => page.locator('#channel-view .message', { hasText: 'Import request HM-' }).first();

    it('takes a request from slash command to a completed import', async () => {
      await page.goto(`${sandbox.pageUrl}?user=${RILEY}`);
      await page.getByLabel('Message', { exact: true }).fill('/hosted import 919-555-1234');
      await page.keyboard.press('Enter');

      const modal = page.locator('.modal');
      await modal.waitFor();
      await modal.getByLabel('Subscriber name').fill('Acme Dental');
      await modal.getByLabel('House number').fill('900');
      await modal.getByLabel('Street name').fill('Main Campus Dr');
      await modal.getByLabel('City').fill('Raleigh');
      await modal.getByLabel('State or province').selectOption({ label: 'North Carolina (NC)' });
      await modal.getByLabel('ZIP or postal code').fill('ABC');
      await modal.getByLabel('LOA authorizing person').fill('Pat Jones');
      await modal.locator('.modal-submit').click();
      // The bot's response_action: errors lands under the field at fault.
      const zipError = modal.locator('.bk-input-block.has-error .bk-error');
      await zipError.waitFor();
      expect(await zipError.count()).toBe(1);
      await shot('01-import-modal-validation');

      await modal.getByLabel('ZIP or postal code').fill('27606');
      await modal.locator('.modal-submit').click();
      await modal.waitFor({ state: 'detached' });
      await card().getByRole('button', { name: 'Approve' }).waitFor();
      expect(await card().textContent()).toContain('Acme Dental');
      await shot('02-request-card');

      await page.locator('#who').selectOption(AVERY);
      await card().getByRole('button', { name: 'Approve' }).click();
      const confirm = page.locator('.confirm');
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain('Approve this import?');
      await shot('03-approve-confirm');
      await confirm.locator('.confirm-yes').click();
      await card()
        .locator('.bk-text', { hasText: /^Status: .*Submitted to Bandwidth$/ })
        .waitFor();
      const [order] = sandbox.sim.importOrders();
      expect(order?.telephoneNumbers).toEqual(['9195551234']);

      await page.locator('#who').selectOption(RILEY);
      await card().locator('.replies').click();
      await page.locator('#thread-file').setInputFiles({
        name: 'signed-loa.pdf',
        mimeType: 'application/pdf',
        buffer: PDF,
      });
      await page.locator('#thread-messages').getByText('Attached signed-loa.pdf').waitFor();
      expect(sandbox.sim.loaFiles(order!.orderId)).toHaveLength(1);
      await shot('04-loa-in-thread');

      await sandbox.sim.advance();
      await sandbox.sim.advance();
      await card()
        .locator('.bk-text', { hasText: /^Status: .*Complete$/ })
        .waitFor();
      expect(sandbox.sim.importOrder(order!.orderId)?.status).toBe('COMPLETE');
      await shot('05-complete');

      await page.locator('#thread-close').click();
      await page.locator('#nav-home').click();
      await page.locator('#home-view').getByText('Hosted messaging imports').waitFor();
      await shot('06-app-home');

      // From Home there is no channel: the form asks where the card goes.
      await page.locator('#home-view').getByRole('button', { name: 'New import' }).click();
      const channelPicker = page.locator('#modal-root select').first();
      await channelPicker.waitFor();
      expect(await channelPicker.locator('option').allTextContents()).toContain('#number-imports');
      await page.keyboard.press('Escape');
      await page.locator('.modal').waitFor({ state: 'detached' });

      // The imported number given back: no form, a removal card, the same approval.
      await page.locator('#nav-channel').click();
      await page.getByLabel('Message', { exact: true }).fill('/hosted remove 919-555-1234');
      await page.keyboard.press('Enter');
      const removal = page.locator('#channel-view .message', { hasText: 'Numbers to give back' }).first();
      await removal.getByRole('button', { name: 'Approve' }).waitFor();
      expect(await removal.textContent()).toContain('1 number can be removed');
      await shot('07-removal-card');
      await page.locator('#who').selectOption(AVERY);
      await removal.getByRole('button', { name: 'Approve' }).click();
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain('Approve this removal?');
      await confirm.locator('.confirm-yes').click();
      await removal.locator('.bk-text', { hasText: /^Status: .*Submitted to Bandwidth$/ }).waitFor();
      await sandbox.sim.advance();
      await sandbox.sim.advance();
      await removal.locator('.bk-text', { hasText: /^Status: .*Complete$/ }).waitFor();
      expect(sandbox.sim.inServiceNumbers()).toEqual([]);
      await shot('08-removal-complete', removal);
    }, 120_000);
  },
);
