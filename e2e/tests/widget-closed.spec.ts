// 转人工 outside service hours: 小申 says when help opens, offers 留言 and the 12345 hotline; the 留言 is
// answered by staff and the citizen sees the answer when coming back. On a working day with nobody
// signed in, 转人工 still queues and 留言 is offered as well.
import { test, expect } from '../fixtures/test';
import { AgentApi, Citizen, SATURDAY } from '../fixtures/widget';

test.describe('on a Saturday', () => {
  test.use({ demoNow: SATURDAY });

  test('转人工 offers 留言 and 12345; the answer is shown on return', async ({ browser, server }) => {
    const citizen = new Citizen(await (await browser.newContext()).newPage());
    await citizen.open(server.base);
    await citizen.handoff();
    await expect(citizen.log).toContainText('现在不是人工服务时间，人工服务将于');
    await expect(citizen.log).toContainText('服务时间：工作日');
    const hotline = citizen.frame.getByRole('link', { name: '12345 市民服务热线' });
    await expect(hotline).toHaveAttribute('href', 'tel:12345');
    // Nothing was queued.
    await expect(citizen.frame.getByText('您前面还有')).toHaveCount(0);
    await expect(citizen.frame.getByRole('button', { name: '转人工', exact: true })).toBeEnabled();

    // The form checks locally first, then submits.
    await citizen.frame.getByRole('button', { name: '留言', exact: true }).click();
    const text = citizen.frame.getByRole('textbox', { name: '留言内容' });
    await expect(text).toBeFocused();
    await citizen.frame.getByRole('button', { name: '提交留言' }).click();
    await expect(citizen.frame.getByRole('alert')).toHaveText('请填写留言内容');
    await text.fill('周末想问一下居住证签注要带什么材料');
    await citizen.frame.getByRole('textbox', { name: '联系电话（选填）' }).fill('13800000000');
    await citizen.frame.getByRole('button', { name: '提交留言' }).click();
    const submitted = citizen.log.getByText(/^留言已提交，编号 LY\d+，我们将在 2026年11月23日 前答复$/);
    await expect(submitted).toBeVisible();
    await expect(citizen.frame.getByRole('button', { name: '提交留言' })).toHaveCount(0);
    const number = (await submitted.innerText()).match(/LY\d+/)![0];

    // Staff answer it.
    const agent = await AgentApi.login(browser, server.base, 'chuangkou1');
    const tickets: Array<{ id: string; number: string }> = await agent.get('/api/tickets');
    const ticket = tickets.find((t) => t.number === number)!;
    expect(ticket).toBeTruthy();
    await agent.post(`/api/tickets/${ticket.id}/answer`, { answer: '请携带居住证和身份证原件。' });

    // Coming back, the answer is said once; 我的留言 lists it as answered.
    await citizen.page.reload();
    await citizen.launcher.click();
    const answer = `您的留言（编号 ${number}）已答复：请携带居住证和身份证原件。`;
    await expect(citizen.log.getByText(answer)).toBeVisible();
    await citizen.frame.getByRole('button', { name: '我的留言' }).click();
    const mine = citizen.frame.getByRole('list', { name: '我的留言列表' });
    await expect(mine).toContainText(number);
    await expect(mine).toContainText('已答复');
    await expect(mine).toContainText('请携带居住证和身份证原件。');

    await citizen.page.reload();
    await citizen.launcher.click();
    await expect(citizen.frame.getByRole('button', { name: '我的留言' })).toBeVisible();
    await expect(citizen.log.getByText(answer)).toHaveCount(0);
  });
});

test('nobody signed in: 转人工 still queues and 留言 is offered', async ({ page, server }) => {
  const citizen = new Citizen(page);
  await citizen.open(server.base);
  await citizen.handoff();
  await expect(citizen.frame.getByText('您前面还有 0 位')).toBeVisible();
  await expect(citizen.log).toContainText('目前没有客服在线');
  await citizen.frame.getByRole('button', { name: '留言', exact: true }).click();
  await citizen.frame.getByRole('textbox', { name: '留言内容' }).fill('长'.repeat(2001));
  await citizen.frame.getByRole('button', { name: '提交留言' }).click();
  await expect(citizen.frame.getByRole('alert')).toHaveText('留言内容最多 2000 字');
  await citizen.frame.getByRole('button', { name: '取消' }).click();
  await expect(citizen.frame.getByRole('textbox', { name: '留言内容' })).toHaveCount(0);
  await expect(citizen.input).toBeFocused();
});
