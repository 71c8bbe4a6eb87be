// Beside the chat: 知识库 search with 插入, 常用语, and the citizen's 历史会话.
import { test, expect } from '../fixtures/test';
import { agentAs, ApiCitizen } from '../fixtures/console';

test('a knowledge-base answer and a canned reply go into the reply box', async ({ browser, server, request }) => {
  const citizen = await ApiCitizen.create(request, server.base);
  const agent = await agentAs(browser, server.base, 'chuangkou1');
  await citizen.handoff('居住证签注', '我想续签居住证');
  await agent.acceptFirst();

  await agent.page.getByRole('searchbox', { name: '搜索知识库' }).fill('居住证签注材料');
  const hit = agent.page.getByRole('listitem').filter({ hasText: '居住证签注（续签）需要带什么材料' });
  await expect(hit).toBeVisible();
  await hit.getByRole('button', { name: '插入' }).click();
  await expect(agent.reply).toHaveValue(/居住证签注（即每年续签）一般需要/);

  const canned = agent.page.getByRole('region', { name: '常用语' }).getByRole('button').first();
  const phrase = (await canned.textContent()) ?? '';
  expect(phrase.length).toBeGreaterThan(0);
  await canned.click();
  await expect(agent.reply).toHaveValue(new RegExp(`一般需要[\\s\\S]*\\n${phrase.slice(0, 6)}`));

  // What was inserted is sent as it stands.
  await agent.page.getByRole('button', { name: '发送', exact: true }).click();
  await expect(agent.transcript).toContainText('居住证签注（即每年续签）一般需要');
});

test("the citizen's earlier chats are listed and can be opened read-only", async ({ browser, server, request }) => {
  const citizen = await ApiCitizen.create(request, server.base);
  const agent = await agentAs(browser, server.base, 'chuangkou1');
  // An earlier chat this agent answered (agents may read the transcripts of chats they took).
  await citizen.handoff('居住证签注', '上次问的签注问题');
  await agent.acceptFirst();
  await citizen.say('之前的补充说明');
  await expect(agent.transcript).toContainText('之前的补充说明');
  await citizen.close();
  await expect(agent.page.getByText('会话已结束')).toBeVisible();

  await citizen.handoff('居住证签注', '这次想问别的');
  await agent.acceptFirst();
  await expect(agent.page.getByRole('heading', { level: 2 }).filter({ hasText: '居住证签注' })).toBeVisible();

  const history = agent.page.getByRole('region', { name: '历史会话' });
  await expect(history).toContainText('上次问的签注问题');
  await expect(history).toContainText('2026-11-23');
  await expect(history).toContainText('未评价');
  // The summary is a disclosure: Enter opens it.
  await history.locator('summary').filter({ hasText: '上次问的签注问题' }).focus();
  await agent.page.keyboard.press('Enter');
  await expect(history).toContainText('群众：之前的补充说明');
});
