// Read state: agent messages the citizen sees are reported read; "已读" shows under the citizen's own
// messages once the agent has read them, also after a reload.
import { test, expect } from '../fixtures/test';
import { humanChat } from '../fixtures/widget';

test('read receipts both ways', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  await agent.connect();

  await agent.send(conversation, '您好，请问办理什么业务？');
  await expect(citizen.log).toContainText('请问办理什么业务');
  await expect
    .poll(async () => (await agent.received('read')).map((f) => f.reader))
    .toContain('citizen');

  await citizen.ask('居住证签注');
  await expect
    .poll(async () => (await agent.messages(conversation)).some((m) => m.text === '居住证签注'))
    .toBe(true);
  const mine = citizen.log.locator('.bb-citizen', { hasText: '居住证签注' });
  await expect(mine).toBeVisible();
  await expect(mine.getByText('已读')).toHaveCount(0);

  const last = (await agent.messages(conversation)).at(-1)!.seq;
  await agent.frame({ type: 'read', conversation, seq: last });
  await expect(mine.getByText('已读')).toBeVisible();

  await citizen.page.reload();
  await citizen.launcher.click();
  await expect(citizen.log.locator('.bb-citizen', { hasText: '居住证签注' }).getByText('已读')).toBeVisible();
});

test('nothing is reported read while the dialog is closed', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  await agent.connect();
  await expect.poll(async () => (await agent.received('read')).length).toBe(0);
  await citizen.launcher.click(); // closes the dialog
  await expect(citizen.dialog).toBeHidden();
  await agent.send(conversation, '关着的时候发的');
  await citizen.page.waitForTimeout(1_000);
  expect(await agent.received('read')).toEqual([]);
  await citizen.launcher.click();
  await expect(citizen.log).toContainText('关着的时候发的');
  await expect.poll(async () => (await agent.received('read')).length).toBe(1);
});
