// 账号管理 and 事项管理: an administrator creates an account whose one-time password signs in, and edits the item
// registry so that a handoff on the new item routes to its department.
import { test, expect } from '../fixtures/test';
import { AgentConsole, ApiCitizen, openPage, overseerAs } from '../fixtures/console';

test('an administrator creates an account and its one-time password signs in', async ({ browser, server }) => {
  const admin = await overseerAs(browser, server.base, 'admin1');
  await openPage(admin, '账号管理');
  const page = admin.page;
  await page.getByRole('textbox', { name: '工号' }).fill('chuangkou9');
  await page.getByRole('textbox', { name: '姓名' }).fill('钱新');
  await page.getByRole('combobox', { name: '角色' }).selectOption({ label: '窗口客服' });
  await page.getByRole('spinbutton', { name: '同时接待上限' }).fill('3');
  await page.getByRole('button', { name: '保存账号' }).click();

  const issued = page.getByRole('status', { name: '新密码' });
  await expect(issued).toContainText('仅显示一次');
  await expect(issued).toContainText('chuangkou9');
  const password = (await issued.locator('.password').textContent())!.trim();
  expect(password.length).toBeGreaterThan(5);
  const row = page.getByRole('row').filter({ hasText: 'chuangkou9' });
  await expect(row).toContainText('窗口客服');

  // The new agent signs in with it.
  const context = await browser.newContext();
  const agent = new AgentConsole(await context.newPage());
  await agent.page.goto(`${server.base}/console`);
  await agent.page.getByRole('textbox', { name: '工号' }).fill('chuangkou9');
  await agent.page.getByLabel('密码').fill(password);
  await agent.page.getByRole('button', { name: '登录' }).click();
  await expect(agent.page.getByRole('button', { name: '签入', exact: true })).toBeVisible();
  await expect(agent.page.locator('.who')).toContainText('钱新');

  // 停用, then 启用 and 重置密码 shows another password once.
  await row.getByRole('button', { name: '停用' }).click();
  await expect(row).toContainText('已停用');
  await row.getByRole('button', { name: '启用' }).click();
  await expect(row).toContainText('正常');
  await row.getByRole('button', { name: '重置密码' }).click();
  await expect(issued.locator('.password')).not.toHaveText(password);
});

test('an edited item routes a handoff to its department', async ({ browser, server, request }) => {
  const admin = await overseerAs(browser, server.base, 'admin1');
  await openPage(admin, '事项管理');
  const page = admin.page;
  const items = page.getByRole('textbox', { name: '事项', exact: true });
  await expect(items.first()).not.toHaveValue('');
  const before = await items.count();

  // An empty row is refused, in Chinese.
  await page.getByRole('button', { name: '添加事项' }).click();
  await page.getByRole('button', { name: '保存事项' }).click();
  await expect(page.getByRole('alert')).toContainText('不能为空');

  await items.nth(before).fill('港澳通行证续签');
  await page.getByRole('textbox', { name: '主管部门' }).nth(before).fill('市公安局');
  await page.getByRole('button', { name: '保存事项' }).click();
  await expect(page.getByText('事项已保存')).toBeVisible();

  const citizen = await ApiCitizen.create(request, server.base);
  const id = await citizen.handoff('港澳通行证续签', '续签要多久');
  const chat = await (
    await request.get(`${server.base}/api/conversations/${id}`, { headers: citizen.headers })
  ).json();
  expect(chat.department).toBe('市公安局');

  // Removing a row and saving removes it from the registry.
  await page.getByRole('button', { name: '删除事项' }).nth(before).click();
  await page.getByRole('button', { name: '保存事项' }).click();
  await expect(page.getByText('事项已保存')).toBeVisible();
  await expect(items).toHaveCount(before);
});
