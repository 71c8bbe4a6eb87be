// The outbox: a message written offline shows "发送中" and is delivered once when the network is back,
// also across a reload; a refused one is marked "未发送" and 重新发送 sends it with the same id.
import { test, expect } from '../fixtures/test';
import { Citizen, humanChat } from '../fixtures/widget';

test('a message written offline is delivered once when back online', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  const context = citizen.page.context();

  await context.setOffline(true);
  await expect(citizen.frame.getByText('网络连接已断开')).toBeVisible();
  await citizen.ask('断网时写的消息');
  const row = citizen.log.locator('.bb-citizen', { hasText: '断网时写的消息' });
  await expect(row.getByText('发送中')).toBeVisible();
  await citizen.page.waitForTimeout(1_000);
  expect((await agent.messages(conversation)).filter((m) => m.text === '断网时写的消息')).toHaveLength(0);

  await context.setOffline(false);
  await expect(row.getByText('发送中')).toHaveCount(0);
  await expect(row).toHaveCount(1);
  const stored = (await agent.messages(conversation)).filter((m) => m.text === '断网时写的消息');
  expect(stored).toHaveLength(1);
});

test('the outbox survives a reload and is sent once', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  const context = citizen.page.context();
  await context.setOffline(true);
  await citizen.ask('关页面前没发出去的');
  await expect(citizen.log.getByText('发送中')).toBeVisible();
  await citizen.page.close();

  await context.setOffline(false);
  const again = new Citizen(await context.newPage());
  await again.page.goto(`${server.base}/demo/yiwangtongban.html`);
  await again.launcher.click();
  const row = again.log.locator('.bb-citizen', { hasText: '关页面前没发出去的' });
  await expect(row).toHaveCount(1);
  await expect(row.getByText('发送中')).toHaveCount(0);
  await expect
    .poll(async () => (await agent.messages(conversation)).filter((m) => m.text === '关页面前没发出去的').length)
    .toBe(1);
});

test('a refused message is marked 未发送 and 重新发送 delivers it once', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  // Already stored under its id, and still in the outbox as refused: the stored copy wins after a reload.
  await citizen.ask('已经送达的');
  await expect.poll(async () => (await agent.messages(conversation)).some((m) => m.text === '已经送达的')).toBe(true);
  const stored = (await agent.messages(conversation)).find((m) => m.text === '已经送达的') as any;
  await citizen.page.evaluate(
    ({ conversation, storedId }) => {
      const failed = '服务繁忙，请稍后重试';
      localStorage.setItem(
        'bangban.outbox',
        JSON.stringify([
          { conversation, client_id: storedId, text: '已经送达的', at_ms: Date.now(), failed },
          { conversation, client_id: 'e2e-retry-1', text: '需要重新发送的', at_ms: Date.now(), failed },
        ]),
      );
    },
    { conversation, storedId: stored.client_id },
  );
  await citizen.page.reload();
  await citizen.launcher.click();
  const row = citizen.log.locator('.bb-citizen', { hasText: '需要重新发送的' });
  await expect(row.getByText('未发送：服务繁忙，请稍后重试')).toBeVisible();
  await expect(citizen.log.locator('.bb-citizen', { hasText: '已经送达的' })).toHaveCount(1);
  await expect(citizen.frame.getByRole('button', { name: '重新发送', exact: true })).toHaveCount(1);

  await citizen.frame.getByRole('button', { name: '重新发送', exact: true }).click();
  await expect(row.getByText('未发送')).toHaveCount(0);
  await expect(row).toHaveCount(1);
  // 未发送 goes as the message is sent again; the server stores it a moment later.
  const copiesOf = async () => (await agent.messages(conversation)).filter((m) => m.text === '需要重新发送的') as any[];
  await expect.poll(async () => (await copiesOf()).length).toBe(1);
  const copies = await copiesOf();
  expect(copies).toHaveLength(1);
  expect(copies[0].client_id).toBe('e2e-retry-1');
  expect((await agent.messages(conversation)).filter((m) => m.text === '已经送达的')).toHaveLength(1);
});
