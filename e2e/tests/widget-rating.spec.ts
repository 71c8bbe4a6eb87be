// 好差评 of a human chat (issue 6): five levels, 问题是否解决, a required reason for a 差评, an optional
// comment with a live count and phone number, 修改评价 within 24 hours, the prompt again on the next open,
// and 邀请评价 while the chat goes on. Rating stays voluntary: questions and 转人工 still work.
import { test, expect } from '../fixtures/test';
import { humanChat } from '../fixtures/widget';

test('a 差评 needs a reason; comment count, 问题是否解决 and 修改评价', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  await agent.post(`/api/conversations/${conversation}/close`);
  const levels = citizen.frame.getByRole('radiogroup', { name: '服务评价' });
  await expect(levels.getByRole('radio')).toHaveCount(5);
  for (const word of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) {
    await expect(levels.getByRole('radio', { name: word, exact: true })).toBeVisible();
  }

  // No reason group until a 差评 is chosen; then it is required.
  const reasons = citizen.frame.getByRole('radiogroup', { name: '不满意原因' });
  await expect(reasons).toHaveCount(0);
  await citizen.radio('服务评价', '不满意').check();
  await expect(reasons.getByRole('radio')).toHaveCount(5);
  await expect(reasons.getByRole('radio', { name: '平台操作' })).toBeVisible();
  await citizen.radio('问题是否解决', '未解决').check();
  const comment = citizen.frame.getByRole('textbox', { name: '评价内容（选填）' });
  await expect(citizen.frame.getByText('0/500')).toBeVisible();
  await comment.fill('等了很久才有人回复');
  await expect(citizen.frame.getByText('9/500')).toBeVisible();
  await citizen.frame.getByRole('textbox', { name: '联系电话（选填，便于回访）' }).fill('13800000000');
  await citizen.frame.getByRole('button', { name: '提交评价' }).click();
  await expect(citizen.frame.getByRole('alert')).toHaveText('请选择不满意的原因');
  await citizen.radio('不满意原因', '办事效率').check();
  await citizen.frame.getByRole('button', { name: '提交评价' }).click();
  await expect(citizen.frame.getByText('感谢您的评价！')).toBeVisible();
  await expect(levels).toHaveCount(0);

  let view = await agent.get(`/api/conversations/${conversation}`);
  expect(view.rating).toMatchObject({
    level: 'dissatisfied',
    solved: false,
    reason: 'efficiency',
    comment: '等了很久才有人回复',
    real_name: true,
  });

  // 修改评价 reopens the form with the earlier choices; a better level drops the reason.
  await citizen.frame.getByRole('button', { name: '修改评价' }).click();
  await expect(citizen.radio('服务评价', '不满意')).toBeChecked();
  await expect(citizen.radio('问题是否解决', '未解决')).toBeChecked();
  await expect(comment).toHaveValue('等了很久才有人回复');
  await citizen.radio('服务评价', '满意').check();
  await expect(reasons).toHaveCount(0);
  await citizen.radio('问题是否解决', '已解决').check();
  await citizen.frame.getByRole('button', { name: '提交评价' }).click();
  await expect(citizen.frame.getByRole('button', { name: '修改评价' })).toBeVisible();
  view = await agent.get(`/api/conversations/${conversation}`);
  expect(view.rating).toMatchObject({ level: 'satisfied', solved: true, reason: null });

  // The answer buttons of 小申 and the rating radios share names; both still work afterwards.
  await citizen.ask('居住证签注需要带哪些材料');
  await expect(citizen.frame.getByRole('button', { name: '已解决', exact: true })).toBeVisible();
});

test('the keyboard alone rates, and the comment stops at 500 characters', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  await agent.post(`/api/conversations/${conversation}/close`);
  const first = citizen.radio('服务评价', '非常满意');
  await first.focus();
  await citizen.page.keyboard.press('ArrowDown');
  await expect(citizen.radio('服务评价', '满意')).toBeChecked();
  const comment = citizen.frame.getByRole('textbox', { name: '评价内容（选填）' });
  await comment.fill('好'.repeat(600));
  await expect(comment).toHaveValue('好'.repeat(500));
  await expect(citizen.frame.getByText('500/500')).toBeVisible();
  await comment.press('Tab');
  await expect(citizen.frame.getByRole('textbox', { name: '联系电话（选填，便于回访）' })).toBeFocused();
  await citizen.page.keyboard.press('Tab');
  await expect(citizen.frame.getByRole('button', { name: '提交评价' })).toBeFocused();
  await citizen.page.keyboard.press('Enter');
  await expect(citizen.frame.getByText('感谢您的评价！')).toBeVisible();
  const view = await agent.get(`/api/conversations/${conversation}`);
  expect(view.rating.level).toBe('satisfied');
  expect([...view.rating.comment].length).toBe(500);
});

test('an unrated chat is offered again on the next open, for 3 days', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  await agent.post(`/api/conversations/${conversation}/close`);
  const levels = citizen.frame.getByRole('radiogroup', { name: '服务评价' });
  await expect(levels).toBeVisible();

  // Closed without rating: asked again on the next open.
  await citizen.reopen();
  await expect(levels).toBeVisible();

  // Voluntary: a new question goes to 小申 while the form is shown.
  await citizen.ask('居住证签注需要带哪些材料');
  await expect(citizen.frame.getByRole('button', { name: '未解决', exact: true })).toBeVisible();
  await expect(levels).toHaveCount(0);

  // Still unrated: the next open asks again; 转人工 is possible from there.
  await citizen.reopen();
  await expect(levels).toBeVisible();

  // Four days later it is no longer offered.
  await citizen.page.context().addInitScript(() => {
    const realNow = Date.now;
    Date.now = () => realNow() + 4 * 24 * 60 * 60 * 1000;
  });
  const current = citizen.page.waitForResponse((r) => r.url().includes('/api/conversations/current'));
  await citizen.reopen();
  const body = await (await current).json();
  expect(body?.id).toBe(conversation);
  await citizen.page.waitForTimeout(500);
  await expect(levels).toHaveCount(0);
  await expect(citizen.frame.getByRole('button', { name: '转人工', exact: true })).toBeEnabled();
});

test('邀请评价 shows the form while the chat goes on', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  const levels = citizen.frame.getByRole('radiogroup', { name: '服务评价' });
  await expect(levels).toHaveCount(0);
  await agent.post(`/api/conversations/${conversation}/invite-rating`);
  await expect(levels).toBeVisible();
  await expect(citizen.log).toContainText('客服邀请您对本次服务进行评价');

  // The chat goes on with the form shown.
  await citizen.ask('好的，我再问一句');
  await expect.poll(async () => (await agent.messages(conversation)).map((m) => m.text)).toContain('好的，我再问一句');
  await citizen.rate('非常满意');
  await expect(citizen.frame.getByText('感谢您的评价！')).toBeVisible();
  await expect(levels).toHaveCount(0);
  await agent.send(conversation, '感谢您的评价，还有其他问题吗？');
  await expect(citizen.log).toContainText('还有其他问题吗');
  const view = await agent.get(`/api/conversations/${conversation}`);
  expect(view.status).toBe('active');
  expect(view.rating.level).toBe('very_satisfied');
});
