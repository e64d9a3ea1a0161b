import { test, expect } from '../support/fixtures';
import { HostPage } from '../host-pages/host-page';
import { E2E_APP_PORT } from '../support/e2e-config';

const APP = `http://127.0.0.1:${E2E_APP_PORT}/`;

test('the iframe example hears ready once per frame document (not again in answer to its hello), and again after a reload', async ({
  browser,
}) => {
  const crm = await HostPage.open(browser, 'iframe.html', { app: APP, user: 'alice' });
  try {
    // The frame said ready at start and answered the host's hello (sent on load) with it too:
    // both have arrived once the frame has signed in.
    await crm.waitForEvent('frame', 'registered');
    const readies = async () => (await crm.events()).filter((e) => e.type === 'ready').length;
    expect(await readies()).toBe(1);

    // A new document in the frame is a new phone: the host hears ready again.
    await crm.page.evaluate(() => {
      const frame = document.getElementById('phone-frame') as HTMLIFrameElement;
      frame.setAttribute('src', frame.src);
    });
    await expect.poll(readies).toBe(2);
    expect(crm.pageErrors).toEqual([]);
  } finally {
    await crm.close();
  }
});
