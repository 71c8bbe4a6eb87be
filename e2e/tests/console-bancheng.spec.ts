// 办不成事 through the console: 派单 (监督员) → 接单 and 答复 (the department) → 销单 with 审核领导, and the
// problem ledger (问题台账) shows the entry struck off.
import { test, expect } from '../fixtures/test';
import { agentAs, ApiCitizen, openPage, overseerAs } from '../fixtures/console';

test('a 办不成事 report is dispatched, answered and closed, and struck off in 问题台账', async ({
  browser,
  server,
  request,
}) => {
  const citizen = await ApiCitizen.create(request, server.base);
  const ticket = await citizen.bancheng('居住证签注', '居住证签注系统一直提示材料不全', '13800002222');

  const supervisor = await overseerAs(browser, server.base, 'jiandu1');
  await supervisor.openTickets();
  let card = supervisor.ticket(ticket.number);
  await expect(card).toContainText('办不成事');
  await expect(card).toContainText('已受理');
  await expect(card).toContainText('处理记录单');
  await card.getByRole('button', { name: '派单', exact: true }).click();
  await card.getByRole('textbox', { name: '承办部门' }).fill('市公安局');
  await card.getByRole('button', { name: '确认派单' }).click();
  card = supervisor.ticket(ticket.number);
  await expect(card).toContainText('已派单');

  const department = await agentAs(browser, server.base, 'yewu1', false);
  await department.openTickets();
  const theirs = department.ticket(ticket.number);
  await expect(theirs).toContainText('已派单');
  await theirs.getByRole('button', { name: '接单', exact: true }).click();
  await expect(theirs).toContainText('办理中');
  await theirs.getByRole('button', { name: '答复', exact: true }).click();
  await theirs.getByRole('textbox', { name: '答复内容' }).fill('已为您补录材料，请重新提交签注申请。');
  await theirs.getByRole('textbox', { name: '核实及处理情况' }).fill('系统材料校验规则有误，已修正');
  const solved = theirs.getByRole('group', { name: '是否解决' });
  await solved.getByRole('radio', { name: '未解决', exact: true }).check();
  await theirs.getByRole('button', { name: '提交答复' }).click();
  await expect(theirs.getByRole('alert')).toContainText('未解决原因');
  await solved.getByRole('radio', { name: '已解决', exact: true }).check();
  await theirs.getByRole('textbox', { name: '承办人联系方式' }).fill('021-12345678');
  await theirs.getByRole('button', { name: '提交答复' }).click();
  await expect(theirs).toContainText('已答复');
  await expect(theirs).toContainText('系统材料校验规则有误');

  await supervisor.page.getByRole('button', { name: '刷新工单' }).click();
  card = supervisor.ticket(ticket.number);
  await expect(card).toContainText('已答复');
  await card.getByRole('button', { name: '销单', exact: true }).click();
  await card.getByRole('textbox', { name: '审核领导' }).fill('王主任');
  await card.getByRole('button', { name: '确认销单' }).click();
  await expect(card).toContainText('已办结');
  await expect(card).toContainText('王主任');

  await openPage(supervisor, '问题台账');
  const row = supervisor.page.getByRole('row').filter({ hasText: '居住证签注系统一直提示材料不全' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('办不成事');
  await expect(row).toContainText('市公安局');
  await expect(row).toContainText('已销号');
  await expect(row.getByRole('button', { name: '挂账销号' })).toHaveCount(0);
  await expect(supervisor.page.getByRole('textbox', { name: '统计月份' })).toBeVisible();
  await expect(supervisor.page.getByRole('link', { name: '导出月报CSV' })).toHaveAttribute(
    'href',
    /\/api\/ledger\/monthly\/export\?month=\d{4}-\d{2}/,
  );
  await expect(supervisor.page.getByRole('link', { name: '导出台账CSV' })).toHaveAttribute('href', '/api/ledger/export');
});

test('a hall records a 处理记录单, and a department enters a problem and strikes it off in 问题台账', async ({
  browser,
  server,
}) => {
  const department = await agentAs(browser, server.base, 'yewu1', false);
  await department.openTickets();
  await department.page.getByRole('button', { name: '登记处理记录单' }).click();
  const form = department.page.getByRole('form', { name: '处理记录单' });
  await form.getByRole('textbox', { name: '反映人' }).fill('李女士');
  await form.getByRole('textbox', { name: '联系方式' }).fill('13900003333');
  await form.getByRole('textbox', { name: '事项' }).fill('居住证签注');
  await form.getByRole('textbox', { name: '反映问题' }).fill('窗口称需单位证明，但单位已注销');
  await form.getByRole('button', { name: '提交' }).click();
  await expect(form).toBeHidden();
  const card = department.page.getByRole('article').filter({ hasText: '单位已注销' });
  await expect(card).toContainText('办不成事');
  await expect(card).toContainText('李女士');

  await openPage(department, '问题台账');
  await department.page.getByRole('button', { name: '登记问题' }).click();
  const entry = department.page.getByRole('form', { name: '登记问题' });
  await entry.getByRole('combobox', { name: '来源' }).selectOption({ label: '意见征集表' });
  await entry.getByRole('textbox', { name: '事项' }).fill('居住证签注');
  await entry.getByRole('textbox', { name: '问题描述' }).fill('签注指南未写明单位注销的情形');
  await entry.getByRole('textbox', { name: '整改措施' }).fill('补充办事指南');
  await entry.getByRole('textbox', { name: '提出人' }).fill('王先生');
  await entry.getByRole('button', { name: '提交' }).click();
  const row = department.page.getByRole('row').filter({ hasText: '签注指南未写明' });
  await expect(row).toContainText('意见征集表');
  await expect(row).toContainText('整改中');
  await row.getByRole('button', { name: '挂账销号' }).click();
  await row.getByRole('textbox', { name: '整改结果' }).fill('办事指南已补充');
  await row.getByRole('checkbox', { name: '已告知提出人' }).check();
  await row.getByRole('button', { name: '确认销号' }).click();
  await expect(row).toContainText('已销号');
  await expect(row.getByRole('button', { name: '挂账销号' })).toHaveCount(0);
});
