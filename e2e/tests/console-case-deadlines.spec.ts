// A real-name 差评 given the day before 国庆: the deadlines run across the holiday and the weekend
// (the server clock set with BANGBAN_DEMO_NOW).
import { test, expect } from '../fixtures/test';
import { agentApi, answeredChat, ApiCitizen, openPage, overseerAs, rate } from '../fixtures/console';

// Wednesday 2026-09-30, 10:00 in Shanghai. 国庆 2026: 10/1-10/7 off, Saturday 10/10 worked.
test.use({ demoNow: '2026-09-30T10:00:00+08:00' });

test('a 差评 before 国庆 is due after the holiday, and its rectification across a weekend', async ({
  browser,
  server,
  request,
  playwright,
}) => {
  const agent = await agentApi(playwright, server.base, 'chuangkou1');
  const citizen = await ApiCitizen.create(request, server.base);
  await answeredChat(citizen, agent, '居住证签注', '签注要带什么');
  await rate(citizen, { level: 'very_dissatisfied', solved: false, reason: 'efficiency', contact: '13800002222' });

  const supervisor = await overseerAs(browser, server.base, 'jiandu1');
  await openPage(supervisor, '差评回访');
  const card = supervisor.page.locator('article').first();
  // 1 working day after Wednesday 9/30 is Thursday 10/8: the seven holiday days are skipped.
  await expect(card).toContainText('办理期限：2026-10-08');

  await card.getByRole('button', { name: '回访', exact: true }).click();
  await card.getByRole('textbox', { name: '回访记录' }).fill('已电话联系');
  await card.getByRole('button', { name: '提交' }).click();
  await expect(card).toContainText('核实中');
  await card.getByRole('button', { name: '核实', exact: true }).click();
  await card.getByRole('radio', { name: '属实', exact: true }).check();
  await card.getByRole('textbox', { name: '核实情况' }).fill('办理效率低，属实');
  await card.getByRole('button', { name: '提交' }).click();
  // 5 working days after 9/30: 10/8, 10/9, Saturday 10/10 (make-up day), Monday 10/12, 10/13.
  await expect(card).toContainText('办理期限：2026-10-13');
});
