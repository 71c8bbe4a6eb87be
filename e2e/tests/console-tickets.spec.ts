// 工单: 转派12345 turns a chat into a hotline ticket with the transcript; a 留言 is answered from the console and
// the citizen sees the answer.
import { test, expect } from '../fixtures/test';
import { agentAs, ApiCitizen } from '../fixtures/console';

test('转派12345 ends the chat and files a ticket with the transcript under 工单', async ({
  browser,
  server,
  request,
}) => {
  const citizen = await ApiCitizen.create(request, server.base);
  const agent = await agentAs(browser, server.base, 'chuangkou1');
  await citizen.handoff('居住证签注', '居住证签注需要带哪些材料');
  await agent.acceptFirst();
  await citizen.say('单位不给开证明怎么办');
  await expect(agent.transcript).toContainText('单位不给开证明');

  const dialog = await agent.transfer('转派12345', '单位拒开证明，请热线协调');
  await expect(dialog).toBeHidden();
  await expect(agent.transcript).toContainText('已转派 12345');
  await expect(agent.myChats).toContainText('已转派12345');
  await expect(agent.reply).toBeDisabled();

  await agent.openTickets();
  const ticket = agent.page.getByRole('article').filter({ hasText: '单位拒开证明' });
  await expect(ticket).toHaveCount(1);
  await expect(ticket).toContainText('转派12345');
  await expect(ticket).toContainText('已受理');
  await expect(ticket).toContainText('居住证签注需要带哪些材料');
  await expect(ticket).toContainText('单位不给开证明怎么办');
  await expect(ticket.getByRole('heading')).toHaveText(/^RX\d+/);
});

test('a 留言 is answered under 工单 and the citizen sees the answer', async ({ browser, server, request }) => {
  const citizen = await ApiCitizen.create(request, server.base);
  const left = await citizen.leaveMessage('居住证签注', '周末能不能办理签注？\n第二行说明', '13812345678');
  const agent = await agentAs(browser, server.base, 'chuangkou1', false);
  await agent.openTickets();
  const ticket = agent.ticket(left.number);
  await expect(ticket).toContainText('留言');
  await expect(ticket).toContainText('已受理');
  await expect(ticket).toContainText('居住证签注');
  await expect(ticket).toContainText('答复期限');
  await expect(ticket.locator('.problem')).toHaveText('周末能不能办理签注？\n第二行说明');

  // An empty answer is refused by the server, in Chinese.
  await ticket.getByRole('button', { name: '提交答复' }).click();
  await expect(ticket.getByRole('alert')).toContainText('答复内容不能为空');

  await ticket.getByRole('textbox', { name: '答复内容' }).fill('周末不办理，请工作日前往社区事务受理服务中心。');
  await ticket.getByRole('button', { name: '提交答复' }).click();
  await expect(ticket).toContainText('已答复');
  await expect(ticket).toContainText('周末不办理');
  await expect(ticket.getByRole('textbox', { name: '答复内容' })).toHaveCount(0);

  const mine = await citizen.myTickets();
  expect(mine.find((t) => t.number === left.number)?.answer).toContain('周末不办理');
});
