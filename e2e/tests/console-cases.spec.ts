// 差评回访 through the console (回访 → 核实 属实 → 整改完成 → 答复), and the chat extras 邀请评价 and 存为知识.
import { test, expect } from '../fixtures/test';
import { agentAs, agentApi, answeredChat, ApiCitizen, openPage, overseerAs, rate } from '../fixtures/console';

test('a real-name 差评 is followed up step by step under 差评回访', async ({ browser, server, request, playwright }) => {
  const agent = await agentApi(playwright, server.base, 'chuangkou1');
  const citizen = await ApiCitizen.create(request, server.base);
  await answeredChat(citizen, agent, '居住证签注', '签注要带什么');
  await rate(citizen, {
    level: 'dissatisfied',
    solved: false,
    reason: 'attitude',
    comment: '回复太慢了',
    contact: '13800001111',
  });
  const api = await agentApi(playwright, server.base, 'jiandu1');
  const cases = async () => (await (await api.get(`${server.base}/api/cases`)).json()) as Array<any>;
  const [seeded] = await cases();
  expect(seeded.status).toBe('contact_pending');

  const supervisor = await overseerAs(browser, server.base, 'jiandu1');
  await openPage(supervisor, '差评回访');
  const card = supervisor.page.getByRole('article', { name: seeded.number });
  await expect(card).toContainText('待回访');
  await expect(card).toContainText('不满意');
  await expect(card).toContainText('服务态度');
  await expect(card).toContainText('回复太慢了');
  await expect(card).toContainText('13800001111');
  await expect(card).toContainText(`办理期限：${seeded.contact_due}`);

  await card.getByRole('button', { name: '回访', exact: true }).click();
  await card.getByRole('textbox', { name: '回访记录' }).fill('已电话联系群众，了解情况');
  await card.getByRole('button', { name: '提交' }).click();
  await expect(card).toContainText('核实中');
  await expect(card.getByRole('list', { name: '办理记录' })).toContainText('已电话联系群众');

  await card.getByRole('button', { name: '核实', exact: true }).click();
  await card.getByRole('radio', { name: '属实', exact: true }).check();
  await card.getByRole('textbox', { name: '核实情况' }).fill('客服回复不及时，情况属实');
  await card.getByRole('button', { name: '提交' }).click();
  await expect(card).toContainText('整改中');
  const [verified] = await cases();
  expect(verified.rectify_due).toBe('2026-11-30'); // 5 working days after Monday 2026-11-23
  await expect(card).toContainText(`办理期限：${verified.rectify_due}`);
  await expect(card.locator('.rectify-due')).toHaveText(verified.rectify_due);

  await card.getByRole('button', { name: '整改完成' }).click();
  await card.getByRole('textbox', { name: '整改情况' }).fill('已培训并调整排班');
  await card.getByRole('button', { name: '提交' }).click();
  await expect(card).toContainText('待答复');

  await card.getByRole('button', { name: '答复群众' }).click();
  await card.getByRole('textbox', { name: '答复内容' }).fill('已整改，感谢监督');
  await card.getByRole('button', { name: '提交' }).click();
  await expect(card).toContainText('已办结');
  await expect(card.getByRole('button', { name: '提交' })).toHaveCount(0);
  const [done] = await cases();
  expect(done.status).toBe('replied');
  expect(done.steps.map((s: { action: string }) => s.action)).toHaveLength(4);
});

test('邀请评价 sets rating_invited_ms and 存为知识 files a draft', async ({ browser, server, request, playwright }) => {
  const citizen = await ApiCitizen.create(request, server.base);
  const agent = await agentAs(browser, server.base, 'chuangkou1');
  const id = await citizen.handoff('居住证签注', '居住证签注需要带哪些材料');
  await agent.acceptFirst();
  await citizen.say('可以代办吗');
  await expect(agent.transcript).toContainText('可以代办吗');
  await agent.send('可以代办，代办人需带本人身份证。');
  await expect(agent.transcript.locator('.msg.agent:not(.pending)')).toContainText('可以代办，代办人');

  await agent.page.getByRole('button', { name: '邀请评价' }).click();
  await expect(agent.page.getByText('已邀请评价')).toBeVisible();
  await expect(agent.page.getByRole('button', { name: '邀请评价' })).toBeDisabled();
  const chat = await (
    await request.get(`${server.base}/api/conversations/${id}`, { headers: citizen.headers })
  ).json();
  expect(chat.rating_invited_ms).toBeGreaterThan(0);

  await agent.page.getByRole('button', { name: '存为知识' }).click();
  const form = agent.page.getByRole('group', { name: '存为知识' });
  await expect(form.getByRole('textbox', { name: '问题' })).toHaveValue('可以代办吗');
  await expect(form.getByRole('textbox', { name: '答案' })).toHaveValue('可以代办，代办人需带本人身份证。');
  await form.getByRole('button', { name: '提交草稿' }).click();
  await expect(agent.page.getByText('已提交知识草稿')).toBeVisible();

  const maintainer = await agentApi(playwright, server.base, 'admin1');
  const drafts = await (await maintainer.get(`${server.base}/api/kb/drafts`)).json();
  expect(drafts.some((d: { question: string; answer: string }) => d.question === '可以代办吗')).toBeTruthy();
});
