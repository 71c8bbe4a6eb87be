// 转业务客服: a 窗口客服 hands a chat to the department's 业务客服 with a note; the 业务客服 finds it in 等待接入
// with the note, takes it, and sees the whole history.
import { test, expect } from '../fixtures/test';
import { agentAs, ApiCitizen } from '../fixtures/console';

test('窗口客服 transfers a 居住证签注 chat; 业务客服 takes it with the note and the history', async ({
  browser,
  server,
  request,
}) => {
  const citizen = await ApiCitizen.create(request, server.base);
  const window = await agentAs(browser, server.base, 'chuangkou1');
  await citizen.handoff('居住证签注', '居住证签注需要带哪些材料', '请带居住证和身份证');
  await window.acceptFirst();
  await window.send('您好，我来帮您看看');
  await citizen.say('我的居住证过期了三个月还能签注吗');
  await expect(window.transcript).toContainText('过期了三个月');

  const dialog = await window.transfer('转业务客服', '逾期三个月签注，需业务判断');
  await expect(dialog).toBeHidden();
  await expect(window.myChats).toContainText('已转业务客服');
  await expect(window.page.getByText('会话已转业务客服')).toBeVisible();
  await expect(window.reply).toBeDisabled();

  const business = await agentAs(browser, server.base, 'yewu1');
  await expect(business.waiting).toContainText('业务转办');
  await expect(business.waiting).toContainText('逾期三个月签注，需业务判断');
  await business.acceptFirst();
  await expect(business.page.getByText('转办说明：逾期三个月签注，需业务判断')).toBeVisible();
  for (const earlier of ['居住证签注需要带哪些材料', '请带居住证和身份证', '我来帮您看看', '过期了三个月']) {
    await expect(business.transcript).toContainText(earlier);
  }
  await business.send('您好，我是公安局业务客服，逾期也可以办理');
  await expect(business.transcript).toContainText('逾期也可以办理');
});

test('a transfer the server refuses shows its Chinese reason in the dialog', async ({ browser, server, request }) => {
  const citizen = await ApiCitizen.create(request, server.base);
  const window = await agentAs(browser, server.base, 'chuangkou1');
  // No 事项: no department to hand it to.
  await citizen.handoff(null, '我想问个问题');
  await window.acceptFirst();
  const dialog = await window.transfer('转业务客服', '');
  await expect(dialog.getByRole('alert')).toContainText('没有对应的业务部门');
  // Escape closes the dialog; the chat stays with the agent.
  await window.page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(window.reply).toBeEnabled();
});
