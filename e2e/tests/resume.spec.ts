// A server crash in the middle of a chat loses no acknowledged message, and reloads resume the chat.
import { test, expect } from '../fixtures/test';
import { Citizen } from '../fixtures/widget';
import { AgentConsole } from '../fixtures/console';
import { Browser } from '@playwright/test';
import { Server } from '../fixtures/server';

async function startChat(browser: Browser, server: Server) {
  const citizen = new Citizen(await (await browser.newContext()).newPage());
  await citizen.open(server.base);
  await citizen.ask('我要找人工');
  await citizen.handoff();
  const agent = new AgentConsole(await (await browser.newContext()).newPage());
  await agent.login(server.base, 'chuangkou1');
  await agent.signIn();
  await agent.acceptFirst();
  await expect(citizen.log).toContainText('已接入');
  return { citizen, agent };
}

/** Counts how often `text` appears in the chat log. */
async function occurrences(log: import('@playwright/test').Locator, text: string): Promise<number> {
  const all = (await log.innerText()).split(text).length - 1;
  return all;
}

test('a server crash loses no acknowledged message', async ({ browser, server }) => {
  const { citizen, agent } = await startChat(browser, server);
  await agent.send('重启前：客服消息');
  await citizen.ask('重启前：群众消息');
  await expect(agent.transcript).toContainText('重启前：群众消息');
  await expect(citizen.log).toContainText('重启前：客服消息');

  await server.stop('SIGKILL');
  await server.start();

  // Both sides reconnect on their own and go on.
  await agent.send('重启后：客服消息');
  await expect(citizen.log).toContainText('重启后：客服消息', { timeout: 20_000 });
  await citizen.ask('重启后：群众消息');
  await expect(agent.transcript).toContainText('重启后：群众消息', { timeout: 20_000 });

  for (const text of ['重启前：客服消息', '重启前：群众消息', '重启后：客服消息', '重启后：群众消息']) {
    expect(await occurrences(citizen.log, text), text).toBe(1);
    expect(await occurrences(agent.transcript, text), text).toBe(1);
  }
});

test('reloading either page resumes the conversation', async ({ browser, server }) => {
  const { citizen, agent } = await startChat(browser, server);
  await agent.send('请提供您的居住证号码');
  await expect(citizen.log).toContainText('请提供您的居住证号码');

  await citizen.page.reload();
  await citizen.launcher.click();
  await expect(citizen.log).toContainText('请提供您的居住证号码');
  await citizen.ask('好的，稍等');
  await expect(agent.transcript).toContainText('好的，稍等');

  await agent.page.reload();
  await expect(agent.transcript).toContainText('好的，稍等');
  await agent.send('收到');
  await expect(citizen.log).toContainText('收到');
  expect(await occurrences(citizen.log, '好的，稍等')).toBe(1);
});
