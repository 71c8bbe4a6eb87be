// The whole 帮办 path in two browser contexts: 小申 answers, 转人工, an agent takes the chat, they talk,
// the agent ends it, the citizen rates it.
import { test, expect } from '../fixtures/test';
import { Citizen } from '../fixtures/widget';
import { AgentConsole } from '../fixtures/console';

test('citizen asks 小申, hands off, talks to an agent and rates the chat', async ({ browser, server }) => {
  const citizenContext = await browser.newContext();
  const citizenPage = await citizenContext.newPage();
  const wasmRequests: string[] = [];
  citizenPage.on('request', (r) => {
    if (r.url().includes('/widget/')) wasmRequests.push(r.url());
  });
  const citizen = new Citizen(citizenPage);

  await citizenPage.goto(`${server.base}/demo/yiwangtongban.html`);
  await expect(citizen.launcher).toBeVisible();
  await citizenPage.waitForLoadState('networkidle');
  expect(wasmRequests, 'loading the host page must not load the widget').toEqual([]);

  const clicked = Date.now();
  await citizen.launcher.click();
  await expect(citizen.dialog).toBeVisible();
  await expect(citizen.input).toBeEditable();
  await expect(citizen.log).toContainText('小申');
  console.log(`launcher click to usable widget: ${Date.now() - clicked} ms`);

  // 小申 answers from the knowledge base, and asks whether that solved it.
  await citizen.ask('居住证签注需要带哪些材料');
  await expect(citizen.frame.getByRole('button', { name: '已解决', exact: true })).toBeVisible();
  await expect(citizen.frame.getByRole('button', { name: '未解决', exact: true })).toBeVisible();

  await citizen.ask('我的情况比较特殊，想找人工问问');
  await citizen.handoff();
  await expect(citizen.log).toContainText('人工客服');
  await expect(citizen.frame.getByText('您前面还有 0 位')).toBeVisible();

  // The agent signs in, sees the chat with its item and question, and takes it.
  const agentContext = await browser.newContext();
  const agent = new AgentConsole(await agentContext.newPage());
  await agent.login(server.base, 'chuangkou1');
  await agent.signIn();
  const waiting = agent.page.getByRole('region', { name: '等待接入' });
  await expect(waiting).toContainText('居住证签注');
  await expect(waiting).toContainText('我的情况比较特殊');
  await agent.acceptFirst();
  // The transcript includes what 小申 answered before the handoff.
  await expect(agent.transcript).toContainText('居住证签注需要带哪些材料');
  await expect(agent.transcript).toContainText('小申');

  await expect(citizen.log).toContainText('已接入');
  await agent.send('您好，我是窗口客服小王，请问有什么可以帮您？');
  await expect(citizen.log).toContainText('我是窗口客服小王');

  // Hostile text travels as text, both ways.
  await citizen.input.fill('<b>粗体</b><img src=x onerror="window.pwned=1">');
  await citizen.frame.getByRole('button', { name: '发送', exact: true }).click();
  await expect(agent.transcript).toContainText('<b>粗体</b><img src=x onerror="window.pwned=1">');
  expect(await agent.page.evaluate(() => (window as any).pwned)).toBeUndefined();
  await expect(agent.transcript.locator('b')).toHaveCount(0);

  await agent.end();
  await expect(agent.page.getByText('会话已结束').first()).toBeVisible();

  // The citizen rates the chat; the agent sees the rating arrive.
  await citizen.rate('非常满意');
  await expect(citizen.frame.locator('body')).toContainText('感谢您的评价');
  await expect(agent.page.getByText('非常满意').first()).toBeVisible();

  await citizenContext.close();
  await agentContext.close();
});
