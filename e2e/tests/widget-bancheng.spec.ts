// 办不成事 (issue 6): the citizen reports a problem from the widget (with 小申 or in a human chat), the
// 热线办 dispatches it, the department takes and answers it, the 热线办 closes it; each step shows in
// 查询办理进度.
import { test, expect } from '../fixtures/test';
import { AgentApi, Citizen, humanChat } from '../fixtures/widget';

test('办不成事 from the demo page, followed through its lifecycle', async ({ browser, server }) => {
  const citizen = new Citizen(await (await browser.newContext()).newPage());
  await citizen.open(server.base);
  await citizen.ask('居住证怎么办');

  // The form checks locally first (Chinese errors), and can be cancelled.
  const report = citizen.frame.getByRole('button', { name: '办不成事', exact: true });
  await report.click();
  const problem = citizen.frame.getByRole('textbox', { name: '问题描述' });
  await expect(problem).toBeFocused();
  await citizen.frame.getByRole('button', { name: '提交反映' }).click();
  await expect(citizen.frame.getByRole('alert')).toHaveText('请填写问题描述');
  await problem.fill('长'.repeat(2001));
  await citizen.frame.getByRole('button', { name: '提交反映' }).click();
  await expect(citizen.frame.getByRole('alert')).toHaveText('问题描述最多 2000 字');
  await citizen.frame.getByRole('button', { name: '取消' }).click();
  await expect(problem).toHaveCount(0);

  await citizen.reportBancheng('网上申请居住证一直提示材料不全，上传了三次都不行', '13800000000');
  const accepted = citizen.log.getByText(/^已受理，编号 BB\d+，我们将在 \d{4}年\d{1,2}月\d{1,2}日 前答复$/);
  await expect(accepted).toBeVisible();
  await expect(citizen.frame.getByRole('button', { name: '提交反映' })).toHaveCount(0);
  const number = (await accepted.innerText()).match(/BB\d+/)![0];
  await citizen.expectProgress(number, '办不成事', '已受理', '上传了三次都不行');

  // The 热线办 finds it, with the 小申 transcript attached, and dispatches it.
  const jiandu = await AgentApi.login(browser, server.base, 'jiandu1');
  const tickets: Array<{ id: string; number: string; kind: string; item: string | null }> =
    await jiandu.get('/api/tickets');
  const ticket = tickets.find((t) => t.number === number)!;
  expect(ticket).toBeTruthy();
  expect(ticket.kind).toBe('bancheng');
  const detail = await jiandu.get(`/api/tickets/${ticket.id}`);
  expect(detail.record.transcript).toContain('群众：居住证怎么办');
  await jiandu.post(`/api/tickets/${ticket.id}/dispatch`, { department: '市公安局' });
  await citizen.expectProgress(number, '已派单');

  // The department takes it and answers.
  const yewu = await AgentApi.login(browser, server.base, 'yewu1');
  await yewu.post(`/api/tickets/${ticket.id}/take`);
  await citizen.expectProgress(number, '办理中');
  const answer = '已核实，系统校验规则有误，现已修复，请重新提交。';
  await yewu.post(`/api/tickets/${ticket.id}/reply`, {
    answer,
    verification: '核实为系统校验错误',
    solved: true,
  });
  await citizen.expectProgress(number, '已答复', answer);
  await expect(citizen.log.getByText(`您反映的问题（编号 ${number}）已答复：${answer}`)).toBeVisible();

  // The 热线办 closes it (销单).
  await jiandu.post(`/api/tickets/${ticket.id}/close`, { approver: '王主任' });
  await citizen.expectProgress(number, '已办结', answer);
});

test('办不成事 in a human chat carries the chat', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  await agent.send(conversation, '您好，请问有什么可以帮您？');
  await expect(citizen.log).toContainText('请问有什么可以帮您');

  await citizen.reportBancheng('窗口说系统里查不到我的预约记录');
  const accepted = citizen.log.getByText(/^已受理，编号 BB\d+，我们将在 .+ 前答复$/);
  await expect(accepted).toBeVisible();
  const number = (await accepted.innerText()).match(/BB\d+/)![0];

  const jiandu = await AgentApi.login(browser, server.base, 'jiandu1');
  const tickets: Array<{ id: string; number: string; conversation: string | null }> =
    await jiandu.get('/api/tickets');
  const ticket = tickets.find((t) => t.number === number)!;
  expect(ticket.conversation).toBe(conversation);
  const detail = await jiandu.get(`/api/tickets/${ticket.id}`);
  expect(detail.record.transcript).toContain('请问有什么可以帮您');
  await citizen.expectProgress(number, '已受理', '窗口说系统里查不到我的预约记录');
});
