// 服务数据: the supervisor dashboard shows the standards, the response times and the rating distribution of the
// chats in the range, and offers each table as CSV.
import { test, expect } from '../fixtures/test';
import { agentApi, answeredChat, ApiCitizen, openPage, overseerAs, rate } from '../fixtures/console';

const DAY = '2026-11-23'; // the server's demo day (WORKING_MORNING)

function percent(v: number | null): string {
  return v === null ? '暂无数据' : `${(v * 100).toFixed(1)}%`;
}

function seconds(ms: number): string {
  return `${Math.floor(ms / 1000)}.${Math.floor((ms % 1000) / 100)} 秒`;
}

test('the dashboard shows the figures of a rated chat', async ({ browser, server, request, playwright }) => {
  const agent = await agentApi(playwright, server.base, 'chuangkou1');
  const citizen = await ApiCitizen.create(request, server.base);
  const id = await answeredChat(citizen, agent, '居住证签注', '签注要带什么');
  await rate(citizen, { level: 'very_satisfied', solved: true });
  const chat = await (await agent.get(`${server.base}/api/conversations/${id}`)).json();
  const responseMs = chat.first_response_ms - chat.created_ms;

  const supervisor = await overseerAs(browser, server.base, 'jiandu1');
  await openPage(supervisor, '服务数据');
  const page = supervisor.page;
  await expect(page.getByLabel('结束日期')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await page.getByLabel('开始日期').fill(DAY);
  await page.getByLabel('结束日期').fill(DAY);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByText(`统计区间：${DAY} 至 ${DAY}`)).toBeVisible();

  // What the server counts for the day, and what this test knows of its one chat.
  const api = await agentApi(playwright, server.base, 'jiandu1');
  const report = await (await api.get(`${server.base}/api/stats?from=${DAY}&to=${DAY}`)).json();
  const total = report.total;
  expect(total.chats).toBe(1);
  expect(total.ratings).toEqual([1, 0, 0, 0, 0]);
  expect(total.first_response_median_ms).toBe(responseMs);

  const card = (name: string) => page.getByRole('listitem', { name });
  await expect(card('60秒内首次响应').locator('.value')).toHaveText(percent(responseMs <= 60_000 ? 1 : 0));
  await expect(card('60秒内首次响应')).toHaveClass(/\bmet\b/);
  await expect(card('人工解决率').locator('.value')).toHaveText('100.0%');
  await expect(card('人工解决率')).toContainText('目标：不低于 90%');
  await expect(card('转12345比例').locator('.value')).toHaveText('0.0%');
  await expect(card('转12345比例')).toContainText('达标');
  const bot = total.bot_solved + total.bot_unsolved;
  await expect(card('小申解决率').locator('.value')).toHaveText(percent(bot ? total.bot_solved / bot : null));
  await expect(page.locator('dd.median')).toHaveText(seconds(responseMs));
  await expect(page.locator('dd.p90')).toHaveText(seconds(responseMs));
  await expect(page.locator('dd.chats')).toHaveText('1');

  const ratings = page.getByRole('region', { name: '评价分布' });
  await expect(ratings.getByRole('listitem', { name: '非常满意：1', exact: true })).toContainText('1');
  await expect(ratings.getByRole('listitem', { name: '不满意：0', exact: true })).toBeVisible();

  const trend = page.getByRole('region', { name: '每日趋势' });
  await expect(trend.getByRole('row', { name: new RegExp(DAY) })).toContainText('1');
  const byItem = page.getByRole('region', { name: '按事项' });
  await expect(byItem.getByRole('row', { name: /居住证签注/ })).toContainText('100.0%（达标）');
  const csv = byItem.getByRole('link', { name: '导出CSV' });
  await expect(csv).toHaveAttribute('href', `/api/stats/export?from=${DAY}&to=${DAY}&by=item`);
  const exported = await api.get(`${server.base}${await csv.getAttribute('href')}`);
  expect(exported.ok()).toBeTruthy();
  expect(await exported.text()).toContain('居住证签注');
});

test('客服状态 lists the agents with their duty and load', async ({ browser, server, playwright }) => {
  const agent = await agentApi(playwright, server.base, 'chuangkou1');
  expect((await agent.post(`${server.base}/api/agent/duty`, { data: { on_duty: true } })).ok()).toBeTruthy();
  const supervisor = await overseerAs(browser, server.base, 'jiandu1');
  await openPage(supervisor, '客服状态');
  const row = supervisor.page.getByRole('row', { name: /chuangkou1/ });
  await expect(row).toContainText('窗口客服');
  await expect(row).toContainText('已签入');
  await expect(row).toContainText('0 / 5');
  await expect(supervisor.page.getByRole('row', { name: /yewu1/ })).toContainText('市公安局');
});
