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

  // The citizen types for about a second: one notice, not one per key.
  await citizen.input.click();
  await citizen.input.pressSequentially('我想问一下签注', { delay: 120 });
  const fromCitizen = async () =>
    (await agent.received('typing')).filter((f) => f.who === 'citizen');
  await expect.poll(async () => (await fromCitizen()).length).toBe(1);
  await citizen.page.waitForTimeout(500);
  expect(await fromCitizen()).toEqual([{ type: 'typing', conversation, who: 'citizen' }]);
});
