// Typing notices both ways: the agent's shows "客服正在输入…" for a few seconds; the citizen's go out
// at most every 2 s.
import { test, expect } from '../fixtures/test';
import { humanChat } from '../fixtures/widget';

test('typing notices travel both ways', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  await agent.connect();

  const indicator = citizen.frame.getByText('客服正在输入…');
  await expect(indicator).toHaveCount(0);
  await agent.frame({ type: 'typing', conversation });
  await expect(indicator).toBeVisible();
  await expect(indicator).toHaveCount(0, { timeout: 8_000 });

  // An agent message ends the indicator at once.
  await agent.frame({ type: 'typing', conversation });
  await expect(indicator).toBeVisible();
  await agent.send(conversation, '请稍等，我查一下');
  await expect(citizen.log).toContainText('请稍等，我查一下');
  await expect(indicator).toHaveCount(0, { timeout: 1_500 });

  // The citizen types seven keys in about half a second: one notice, not one per key. On a loaded machine
  // the keys may take longer; each further 2 s of typing may then send one more notice, never one per key.
  await citizen.input.click();
  const started = Date.now();
  await citizen.input.pressSequentially('我想问一下签注', { delay: 60 });
  const allowed = 1 + Math.floor((Date.now() - started) / 2_000);
  const fromCitizen = async () =>
    (await agent.received('typing')).filter((f) => f.who === 'citizen');
  await expect.poll(async () => (await fromCitizen()).length).toBeGreaterThanOrEqual(1);
  await citizen.page.waitForTimeout(500);
  const notices = await fromCitizen();
  expect(notices.length).toBeLessThanOrEqual(Math.min(allowed, 6));
  for (const notice of notices) expect(notice).toEqual({ type: 'typing', conversation, who: 'citizen' });
});
