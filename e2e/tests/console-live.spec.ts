// Typing and read notices between the console and a citizen. The citizen is a WebSocket opened from a page at
// the server's origin with a visitor token, so this does not depend on the widget.
import { test, expect } from '../fixtures/test';
import { agentAs, ApiCitizen } from '../fixtures/console';

test('typing and read receipts travel both ways', async ({ browser, server, request }) => {
  const citizen = await ApiCitizen.create(request, server.base);
  const agent = await agentAs(browser, server.base, 'chuangkou1');
  const id = await citizen.handoff('居住证签注', '签注要多久');
  await agent.acceptFirst();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.base}/api/service-status`);
  await page.evaluate(
    ([token]) =>
      new Promise<void>((resolve, reject) => {
        const w = window as any;
        w.frames_seen = [];
        const ws = new WebSocket(`ws://${location.host}/api/ws?visitor=${token}`);
        ws.onmessage = (e) => w.frames_seen.push(JSON.parse(e.data));
        ws.onopen = () => resolve();
        ws.onerror = () => reject(new Error('websocket failed'));
        w.citizenSocket = ws;
      }),
    [citizen.token],
  );
  const sendFrame = (frame: object) =>
    page.evaluate((f) => (window as any).citizenSocket.send(JSON.stringify(f)), frame);
  const framesOf = (type: string) =>
    page.evaluate((t) => (window as any).frames_seen.filter((f: any) => f.type === t), type);

  // The citizen types: the agent sees it.
  await sendFrame({ type: 'typing', conversation: id });
  await expect(agent.page.getByText('群众正在输入…')).toBeVisible();

  // The citizen's message is shown in the open chat, so the console tells the citizen it was read.
  await citizen.say('我在等签注结果');
  await expect(agent.transcript).toContainText('我在等签注结果');
  const said = async () =>
    (await framesOf('message')).find((f: any) => f.message.text === '我在等签注结果')?.message.seq ?? 0;
  await expect.poll(said).toBeGreaterThan(0);
  const saidSeq = await said();
  await expect
    .poll(async () => (await framesOf('read')).some((f: any) => f.reader === 'agent' && f.seq >= saidSeq))
    .toBeTruthy();
  await expect(agent.page.getByText('群众正在输入…')).toBeHidden();

  // The agent types: the citizen hears of it (throttled, so a burst of keys gives one notice).
  await agent.reply.pressSequentially('一般五个工作日', { delay: 20 });
  const agentTyping = async () => (await framesOf('typing')).filter((f: any) => f.who === 'agent').length;
  await expect.poll(agentTyping).toBe(1);
  await page.waitForTimeout(500);
  expect(await agentTyping()).toBe(1);

  await agent.page.getByRole('button', { name: '发送', exact: true }).click();
  await expect
    .poll(async () => (await framesOf('message')).find((f: any) => f.message.text === '一般五个工作日')?.message.seq)
    .toBeGreaterThan(0);
  const seq = (await framesOf('message')).find((f: any) => f.message.text === '一般五个工作日').message.seq;
  const mine = agent.transcript.locator('.msg.agent:not(.pending)').filter({ hasText: '一般五个工作日' });
  await expect(mine).not.toContainText('已读');
  await sendFrame({ type: 'read', conversation: id, seq });
  await expect(mine).toContainText('已读');
  await context.close();
});
