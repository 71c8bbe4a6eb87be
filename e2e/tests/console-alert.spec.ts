// The one-minute clock: a countdown from 60 s on the server's (demo) clock, the 45-second alert with one beep,
// then 已超时 and the escalation badge. Waits in real time, so it is the one slow console test.
import { test, expect } from '../fixtures/test';
import { agentAs, ApiCitizen } from '../fixtures/console';

test('a waiting chat counts down, alerts once at 45 s and turns overdue at 60 s', async ({
  browser,
  server,
  request,
}) => {
  test.slow();
  const agent = await agentAs(browser, server.base, 'chuangkou1');
  // Count the beeps: wrap the WebAudio oscillator the console uses.
  await agent.page.evaluate(() => {
    const w = window as any;
    w.__beeps = 0;
    const original = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      w.__beeps += 1;
      return original.call(this);
    };
  });
  const citizen = await ApiCitizen.create(request, server.base);
  await citizen.handoff('居住证签注', '请问签注要多久');

  const row = agent.waiting.getByRole('listitem').filter({ hasText: '请问签注要多久' });
  // The server clock is days away from the browser's: the countdown must still start near one minute.
  await expect(row).toContainText(/剩余 (1:00|0:5\d)/);

  const alert = agent.page.getByRole('alert').filter({ hasText: '有会话等待已超过 45 秒' });
  await expect(alert).toBeVisible({ timeout: 55_000 });
  await expect(row).toHaveClass(/alerted/);
  await expect(row.locator('.waited')).toHaveClass(/soon/);
  expect(await agent.page.evaluate(() => (window as any).__beeps)).toBe(1);

  await expect(row).toContainText(/已超时 0:\d\d/, { timeout: 25_000 });
  await expect(agent.waiting).toContainText('已超时转窗口', { timeout: 10_000 });
  await expect(agent.waiting.getByRole('listitem').first().locator('.waited')).toHaveClass(/late/);
  expect(await agent.page.evaluate(() => (window as any).__beeps)).toBe(1);

  // Taking the chat clears the alert.
  await agent.acceptFirst();
  await expect(alert).toBeHidden();
});
