// 知识库 in the console (issue 3): a maintainer searches, adds, edits and retires entries, each change publishes
// a new version that 小申 answers from; turns an unanswered question into an entry; approves and sends back
// agents' drafts. Plain agents do not see the section.
import { Locator, Page } from '@playwright/test';
import { test, expect } from '../fixtures/test';
import { agentApi, agentAs, ApiCitizen, openPage, overseerAs } from '../fixtures/console';
import { Citizen } from '../fixtures/widget';

const QUESTION = '居住证签注的自助终端在哪里';
const FIRST_ANSWER = '可在各街道社区事务受理服务中心的自助终端办理签注。';
const EDITED_ANSWER = '可在各街道社区事务受理服务中心一楼的自助终端办理签注，工作日 9:00-17:00。';

/** The "已发布版本 N" line. */
function versionLine(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: /已发布版本 \d+/ });
}

async function publishedVersion(page: Page): Promise<number> {
  await expect(versionLine(page)).toBeVisible();
  const text = (await versionLine(page).textContent()) ?? '';
  return Number(/已发布版本 (\d+)/.exec(text)![1]);
}

/** Types a search and presses Enter (the keyboard path). */
async function search(page: Page, text: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: '搜索知识' });
  await box.fill(text);
  await box.press('Enter');
}

/** Opens one part of the 知识库 page (知识条目, 未解决问题, 待审草稿). */
async function openPart(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: '知识库页面' });
  await nav.getByRole('button', { name, exact: true }).click();
  await expect(nav.getByRole('button', { name, exact: true })).toHaveAttribute('aria-current', 'page');
}

test('a maintainer adds, edits and retires an entry; each change is published and 小申 answers with it', async ({
  browser,
  server,
}) => {
  const maintainer = await overseerAs(browser, server.base, 'zhishi1');
  await openPage(maintainer, '知识库');
  const page = maintainer.page;
  const start = await publishedVersion(page);

  // Search: text, then 栏目 and 事项 filters.
  await search(page, '居住证签注');
  await expect(page.getByRole('row').filter({ hasText: '居住证签注' }).first()).toBeVisible();
  const rows = page.getByRole('table', { name: '知识条目列表' }).getByRole('row');
  await page.getByRole('combobox', { name: '筛选事项' }).selectOption('居住证签注');
  await expect(rows.nth(1)).toContainText('居住证签注');
  await page.getByRole('combobox', { name: '筛选栏目' }).selectOption('热线电话');
  await expect(page.getByText('没有符合条件的知识条目')).toBeVisible();
  await page.getByRole('combobox', { name: '筛选栏目' }).selectOption('');
  await expect(rows.nth(1)).toContainText('居住证签注');

  // 新增条目: the server's reasons come back in Chinese next to the form.
  await page.getByRole('button', { name: '新增条目' }).click();
  const form = page.getByRole('form', { name: '新增条目' });
  await expect(form.getByRole('textbox', { name: '问题', exact: true })).toBeFocused();
  await form.getByRole('textbox', { name: '问题', exact: true }).fill(QUESTION);
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.getByRole('alert')).toContainText('答案不能为空');

  await form.getByRole('textbox', { name: '相似问法' }).fill('自助机签注在哪\n哪里有签注自助机');
  await form.getByRole('textbox', { name: '关键词' }).fill('自助终端 | 签注');
  await form.getByRole('textbox', { name: '答案' }).fill(FIRST_ANSWER);
  await expect(form.getByRole('combobox', { name: '栏目' })).toHaveValue('常见问题');
  await form.getByRole('combobox', { name: '栏目' }).selectOption('网上办事指引');
  await form.getByLabel('事项', { exact: true }).fill('居住证签注');
  await form.getByRole('textbox', { name: '部门' }).fill('市公安局');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: '已保存并发布' })).toContainText(QUESTION);
  await expect(versionLine(page)).toHaveText(`已发布版本 ${start + 1}`);

  // Found by a search, with its 栏目, 事项 and status.
  await search(page, '自助终端');
  const row = page.getByRole('row').filter({ hasText: QUESTION });
  await expect(row).toContainText('网上办事指引');
  await expect(row).toContainText('居住证签注');
  await expect(row).toContainText('已发布');

  // 编辑: the form comes filled; the new answer is published as the next version.
  await row.getByRole('button', { name: '编辑' }).click();
  const edit = page.getByRole('form', { name: /^编辑条目 kb-\d+$/ });
  await expect(edit.getByRole('textbox', { name: '问题', exact: true })).toHaveValue(QUESTION);
  await expect(edit.getByRole('textbox', { name: '相似问法' })).toHaveValue('自助机签注在哪\n哪里有签注自助机');
  await expect(edit.getByRole('textbox', { name: '关键词' })).toHaveValue('自助终端 | 签注');
  await edit.getByRole('textbox', { name: '答案' }).fill(EDITED_ANSWER);
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(versionLine(page)).toHaveText(`已发布版本 ${start + 2}`);

  // 小申 on the 居住证签注 page answers with the edited entry.
  const citizen = new Citizen(await (await browser.newContext()).newPage());
  await citizen.open(server.base);
  await citizen.ask(QUESTION);
  await expect(citizen.log).toContainText(EDITED_ANSWER);

  // 下架 asks first; focus moves to 确认下架 and Enter confirms.
  await row.getByRole('button', { name: '下架' }).click();
  const confirm = row.getByRole('group', { name: '确认下架' }).getByRole('button', { name: '确认下架' });
  await expect(confirm).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(row).toContainText('已下架');
  await expect(row.getByRole('button', { name: '下架' })).toHaveCount(0);
  await expect(versionLine(page)).toHaveText(`已发布版本 ${start + 3}`);
  const snapshot = await (await fetch(`${server.base}/api/kb/snapshot`)).json();
  expect(snapshot.version).toBe(start + 3);
  expect(snapshot.entries.some((e: { question: string }) => e.question === QUESTION)).toBeFalsy();
});

test('an entry published ahead is shown as 待生效 and stays out of the snapshot', async ({ browser, server }) => {
  const maintainer = await overseerAs(browser, server.base, 'zhishi1');
  await openPage(maintainer, '知识库');
  const page = maintainer.page;
  await page.getByRole('button', { name: '新增条目' }).click();
  const form = page.getByRole('form', { name: '新增条目' });
  await form.getByRole('textbox', { name: '问题', exact: true }).fill('居住证积分新办法何时实施');
  await form.getByRole('textbox', { name: '答案' }).fill('新办法自 2027 年 1 月 1 日起实施。');
  await form.getByRole('combobox', { name: '栏目' }).selectOption('政策文件');
  await form.getByLabel('生效日期').fill('2027-01-01');
  await form.getByRole('button', { name: '保存' }).click();
  await search(page, '积分新办法');
  const row = page.getByRole('row').filter({ hasText: '居住证积分新办法何时实施' });
  await expect(row).toContainText('2027-01-01');
  await expect(row).toContainText('待生效');
  const snapshot = await (await fetch(`${server.base}/api/kb/snapshot`)).json();
  expect(snapshot.entries.some((e: { question: string }) => e.question.includes('积分新办法'))).toBeFalsy();
});

test('an unanswered question becomes an entry, and drafts are approved or sent back', async ({
  browser,
  server,
  request,
  playwright,
}) => {
  // Two citizens ask much the same thing 小申 cannot answer.
  for (const question of ['电动自行车上牌要去哪里', '电动自行车上牌去哪里办']) {
    const citizen = await ApiCitizen.create(request, server.base);
    const res = await request.post(`${server.base}/api/unanswered`, {
      headers: citizen.headers,
      data: { question, item: '居住登记', reason: 'no_match' },
    });
    expect(res.status(), await res.text()).toBe(202);
  }
  // Two agents' replies saved as drafts (存为知识).
  const agent = await agentApi(playwright, server.base, 'chuangkou1');
  for (const [question, answer] of [
    ['居住证签注可以代办吗', '可以代办，代办人需带双方身份证。'],
    ['签注能用复印件吗', '不可以。'],
  ]) {
    const res = await agent.post(`${server.base}/api/kb/drafts`, { data: { question, answer, item: '居住证签注' } });
    expect(res.status(), await res.text()).toBe(201);
  }

  const maintainer = await overseerAs(browser, server.base, 'zhishi1');
  await openPage(maintainer, '知识库');
  const page = maintainer.page;
  const start = await publishedVersion(page);

  // 未解决问题: one group of two, with its 事项 and the deadline 5 working days after the first ask.
  await openPart(page, '未解决问题');
  const group = page.getByRole('row').filter({ hasText: '电动自行车上牌要去哪里' });
  await expect(group).toContainText('其他问法：电动自行车上牌去哪里办');
  await expect(group.getByRole('cell').nth(0)).toHaveText('2');
  await expect(group).toContainText('居住登记');
  await expect(group).toContainText('2026-11-30');
  await group.getByRole('button', { name: '转为知识' }).click();
  const form = page.getByRole('form', { name: '转为知识' });
  await expect(form.getByRole('textbox', { name: '问题', exact: true })).toHaveValue('电动自行车上牌要去哪里');
  await expect(form.getByRole('textbox', { name: '相似问法' })).toHaveValue('电动自行车上牌去哪里办');
  await expect(form.getByRole('textbox', { name: '部门' })).toHaveValue('市公安局');
  await form.getByRole('textbox', { name: '答案' }).fill('电动自行车上牌请到所在区的非机动车登记点办理。');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('暂无未解决问题')).toBeVisible();
  await expect(versionLine(page)).toHaveText(`已发布版本 ${start + 1}`);

  // 待审草稿: 通过 publishes, 退回 does not.
  await openPart(page, '待审草稿');
  const good = page.getByRole('row').filter({ hasText: '居住证签注可以代办吗' });
  const weak = page.getByRole('row').filter({ hasText: '签注能用复印件吗' });
  await expect(good).toContainText('窗口客服小王');
  await expect(good).toContainText('待审核');
  await good.getByRole('button', { name: '通过', exact: true }).click();
  await expect(good).toContainText(/已通过（kb-\d+）/);
  await expect(versionLine(page)).toHaveText(`已发布版本 ${start + 2}`);
  await weak.getByRole('button', { name: '退回' }).click();
  await expect(weak).toContainText('已退回');
  await expect(weak.getByRole('button')).toHaveCount(0);
  await expect(versionLine(page)).toHaveText(`已发布版本 ${start + 2}`);

  // Both new entries are in the list.
  await openPart(page, '知识条目');
  await search(page, '电动自行车上牌');
  await expect(page.getByRole('row').filter({ hasText: '电动自行车上牌要去哪里' })).toContainText('已发布');
  await search(page, '可以代办吗');
  await expect(page.getByRole('row').filter({ hasText: '居住证签注可以代办吗' })).toContainText('居住证签注');
});

test('plain agents do not see 知识库; administrators do', async ({ browser, server }) => {
  const agent = await agentAs(browser, server.base, 'chuangkou1', false);
  const nav = agent.page.getByRole('navigation', { name: '页面' });
  await expect(nav.getByRole('button', { name: '工单', exact: true })).toBeVisible();
  await expect(nav.getByRole('button', { name: '知识库', exact: true })).toHaveCount(0);

  const admin = await overseerAs(browser, server.base, 'admin1');
  await openPage(admin, '知识库');
  await expect(admin.page.getByRole('searchbox', { name: '搜索知识' })).toBeVisible();
});

test('the focus returns to 新增条目 or the row\'s 编辑 after the entry form closes', async ({ browser, server }) => {
  const maintainer = await overseerAs(browser, server.base, 'zhishi1');
  await openPage(maintainer, '知识库');
  const page = maintainer.page;
  const add = page.getByRole('button', { name: '新增条目' });

  await add.click();
  let form = page.getByRole('form', { name: '新增条目' });
  await form.getByRole('button', { name: '取消' }).click();
  await expect(form).toHaveCount(0);
  await expect(add).toBeFocused();

  await add.press('Enter');
  form = page.getByRole('form', { name: '新增条目' });
  await form.getByRole('textbox', { name: '问题', exact: true }).fill('焦点测试问题');
  await form.getByRole('textbox', { name: '答案' }).fill('焦点测试答案');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toHaveCount(0);
  await expect(add).toBeFocused();

  const box = page.getByRole('searchbox', { name: '搜索知识' });
  await box.fill('焦点测试问题');
  await box.press('Enter');
  const row = page.getByRole('row').filter({ hasText: '焦点测试问题' });
  const edit = row.getByRole('button', { name: '编辑' });
  await edit.click();
  let editForm = page.getByRole('form', { name: /^编辑条目/ });
  await editForm.getByRole('button', { name: '取消' }).click();
  await expect(editForm).toHaveCount(0);
  await expect(edit).toBeFocused();

  await edit.press('Enter');
  editForm = page.getByRole('form', { name: /^编辑条目/ });
  await editForm.getByRole('textbox', { name: '答案' }).fill('焦点测试答案（改）');
  await editForm.getByRole('button', { name: '保存' }).click();
  await expect(editForm).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: '已保存并发布' })).toBeVisible();
  await expect(edit).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('form', { name: /^编辑条目/ }).getByRole('textbox', { name: '答案' })).toHaveValue('焦点测试答案（改）');
});
