// Screenshots and voice clips from the citizen in a human chat: a picked image, a pasted screenshot and a
// clip from the fake microphone reach the agent with the right kind (and a length for the clip); a file
// that is not an image is refused in the browser with the Chinese reason; 取消录音 sends nothing and
// releases the microphone; an image the agent sends shows in the widget and opens full size; a clip that
// plays keeps playing when the agent reads it (its line is not re-created for 已读); a recorder that never
// hands over its clip ends in an error, not at 正在发送.
import { test, expect } from '../fixtures/test';
import { attachments, agentUpload, CitizenMedia, humanChat, pngBytes, silenceRecorders } from '../fixtures/widget';

test('a picked image, a pasted screenshot and a voice clip reach the agent', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  const media = new CitizenMedia(citizen);
  const mine = citizen.log.locator('.bb-citizen');
  // On a host page of another origin the iframe needs the host's leave to use the microphone and capture.
  await expect(citizen.page.locator('iframe[title="小申智能客服"]')).toHaveAttribute(
    'allow',
    'microphone; display-capture',
  );

  // 发送图片 → preview → 确认发送.
  await media.pick({ name: '截图.png', mimeType: 'image/png', buffer: pngBytes(640, 360) });
  await expect(media.preview.getByRole('img', { name: '待发送的图片' })).toBeVisible();
  await media.button('确认发送').click();
  const picked = mine.getByRole('button', { name: '查看大图：图片' });
  await expect(picked).toHaveCount(1);
  await expectLoaded(picked.locator('img'));
  await expect(media.preview).toHaveCount(0);

  // A 2 MB screenshot pasted into the message box; the time from 确认发送 to its thumbnail on screen.
  const size = await media.paste(840, 840, true);
  expect(size).toBeGreaterThan(1_900_000);
  await expect(media.preview).toBeVisible();
  const started = Date.now();
  await media.button('确认发送').click();
  await citizen
    .widgetFrame()
    .waitForFunction(
      () => {
        const images = [...document.querySelectorAll<HTMLImageElement>('.bb-citizen .bb-thumb img')];
        return images.length === 2 && images[1].complete && images[1].naturalWidth > 0;
      },
      null,
      { polling: 'raf', timeout: 30_000 },
    );
  console.log(`upload-to-visible, ${(size / 1e6).toFixed(2)} MB pasted PNG: ${Date.now() - started} ms`);

  // A voice clip from the fake microphone: timer and level meter while recording, then 停止并发送.
  await media.watchMicrophone();
  await media.button('开始录音').click();
  const recording = citizen.frame.getByRole('group', { name: '正在录音' });
  const meter = recording.getByRole('meter', { name: '音量' });
  await expect(meter).toBeVisible();
  // The fake microphone beeps: the meter moves.
  await expect.poll(() => meter.evaluate((m: HTMLMeterElement) => m.value)).toBeGreaterThan(0);
  // At least two seconds (a loaded machine may show 00:02 for less time than the test takes to look).
  await expect(recording.getByRole('timer', { name: '录音时长' })).toHaveText(/^00:0[2-9]$/);
  await expect(media.button('停止并发送')).toBeFocused();
  await media.button('停止并发送').click();
  const clip = mine.locator('audio');
  await expect(clip).toHaveCount(1);
  await expect(clip).toHaveAttribute('aria-label', /^语音 \d+ 秒$/);
  await expect(clip).toHaveAttribute('src', /^blob:/);
  await expect(citizen.input).toBeFocused();
  expect(await media.microphones()).toEqual({ opened: 1, live: 0 });

  // The agent's side has each of them, once, with the right kind; the clip has a length.
  const stored = await attachments(agent, conversation);
  expect(stored.map((m) => [m.sender, m.attachment.kind])).toEqual([
    ['citizen', 'image'],
    ['citizen', 'image'],
    ['citizen', 'audio'],
  ]);
  expect(stored[0].attachment).toMatchObject({ mime: 'image/png', width: 640, height: 360 });
  expect(stored[1].attachment).toMatchObject({ width: 840, height: 840 });
  expect(stored[2].attachment.duration_ms).toBeGreaterThan(1_000);
  expect(stored[2].text).toMatch(/^\[语音 \d+ 秒\]$/);
  expect(new Set(stored.map((m) => m.client_id)).size).toBe(3);
  // Shown once each, though the upload's answer and the socket both delivered them.
  await expect(mine.locator('.bb-thumb')).toHaveCount(2);
});

test('a file that is not an image is refused and 取消录音 sends nothing', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  const media = new CitizenMedia(citizen);

  // An HTML page named .png: refused by its bytes, before any upload.
  await media.pick({
    name: 'evil.png',
    mimeType: 'image/png',
    buffer: Buffer.from('<html><script>alert(1)</script></html>'),
  });
  await expect(citizen.frame.getByRole('alert')).toHaveText(
    '只能发送 PNG、JPEG、WebP、GIF 图片或录制的语音，此文件类型不支持',
  );
  await expect(media.preview).toHaveCount(0);

  // 取消录音: the microphone goes off, nothing is sent, and typing still works.
  await media.watchMicrophone();
  await media.button('开始录音').click();
  await expect(citizen.frame.getByRole('timer', { name: '录音时长' })).toHaveText(/^00:0[1-9]$/);
  await media.button('取消录音').click();
  await expect(citizen.frame.getByRole('group', { name: '正在录音' })).toHaveCount(0);
  await expect(citizen.input).toBeFocused();
  expect(await media.microphones()).toEqual({ opened: 1, live: 0 });
  await citizen.ask('录音取消了，我打字吧');
  await expect(citizen.log).toContainText('录音取消了，我打字吧');
  await citizen.page.waitForTimeout(1_500);
  expect(await attachments(agent, conversation)).toEqual([]);
  await expect(citizen.log.locator('audio, .bb-thumb')).toHaveCount(0);
});

test('an upload that fails shows why, and 重试 stores it once', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  const media = new CitizenMedia(citizen);
  // Dropped on the conversation this time.
  await media.drop(320, 200);
  await expect(media.preview).toBeVisible();

  await citizen.page.context().setOffline(true);
  await media.button('确认发送').click();
  await expect(citizen.frame.getByRole('alert')).toHaveText('发送失败：网络连接失败，请稍后重试');
  await expect(media.button('重试')).toBeFocused();
  await citizen.page.context().setOffline(false);
  await citizen.page.keyboard.press('Enter');
  await expect(citizen.log.locator('.bb-citizen .bb-thumb')).toHaveCount(1);
  await expect(citizen.frame.getByRole('group', { name: '发送失败' })).toHaveCount(0);
  // 重试 again under the same id (as after a lost answer) does not store a second copy.
  const [first] = await attachments(agent, conversation);
  const again = await resendAsCitizen(citizen, conversation, first.client_id);
  expect(again.seq).toBe((first as any).seq);
  expect(await attachments(agent, conversation)).toHaveLength(1);
});

test('截取屏幕 sends one frame of the screen', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  const media = new CitizenMedia(citizen);
  // Chromium's fake capture (--use-fake-ui-for-media-stream) picks a screen without asking.
  await media.button('截取屏幕').click();
  await expect(media.preview.getByRole('img', { name: '待发送的图片' })).toBeVisible();
  await expect(media.button('确认发送')).toBeFocused();
  await citizen.page.keyboard.press('Enter');
  await expectLoaded(citizen.log.locator('.bb-citizen .bb-thumb img'));
  const [shot] = await attachments(agent, conversation);
  expect(shot.attachment).toMatchObject({ kind: 'image', mime: 'image/png' });
  expect(shot.attachment.width).toBeGreaterThan(0);
});

test('an image the agent sends shows in the widget and opens full size', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  const message = await agentUpload(agent, conversation, pngBytes(1280, 720));
  expect(message.attachment).toMatchObject({ kind: 'image', width: 1280, height: 720 });

  const thumb = citizen.log.locator('.bb-agent').getByRole('button', { name: '查看大图：图片' });
  await expect(thumb).toBeVisible();
  await expectLoaded(thumb.locator('img'));
  await thumb.focus();
  await citizen.page.keyboard.press('Enter');
  const viewer = citizen.frame.getByRole('dialog', { name: '查看大图' });
  await expect(viewer).toBeVisible();
  await expectLoaded(viewer.getByRole('img', { name: '图片' }));
  expect(await viewer.getByRole('img').evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(1280);
  await expect(viewer.getByRole('button', { name: '关闭' })).toBeFocused();
  // Escape closes the picture, not the widget; focus returns to the thumbnail.
  await citizen.page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(citizen.dialog).toBeVisible();
  await expect(thumb).toBeFocused();
  await thumb.click();
  await viewer.getByRole('button', { name: '关闭' }).click();
  await expect(viewer).toHaveCount(0);
});

test('a clip that plays keeps playing when the agent reads it', async ({ browser, server }) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  await agent.connect();
  const media = new CitizenMedia(citizen);
  await media.button('开始录音').click();
  await expect(citizen.frame.getByRole('timer', { name: '录音时长' })).toHaveText(/^00:0[2-9]$/);
  await media.button('停止并发送').click();
  const row = citizen.log.locator('.bb-citizen', { has: citizen.frame.locator('audio') });
  const clip = row.locator('audio');
  await expect(clip).toHaveAttribute('src', /^blob:/);
  await expect(row.getByText('已读')).toHaveCount(0);

  // Marked from the test, and looped so that it is still playing when the read mark comes.
  await clip.evaluate(async (a: HTMLAudioElement) => {
    a.dataset.probe = 'before-read';
    a.loop = true;
    const w = window as any;
    w.clipTicks_ = 0;
    a.addEventListener('timeupdate', () => w.clipTicks_++);
    await a.play();
  });
  await expect.poll(() => clip.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0.1);
  const seq = (await agent.messages(conversation)).at(-1)!.seq;
  await agent.frame({ type: 'read', conversation, seq });
  await expect(row.getByText('已读')).toBeVisible();

  // The same element (a re-created one would have no mark, and a removed one is paused), still playing.
  expect(await clip.evaluate((a: HTMLAudioElement) => a.dataset.probe)).toBe('before-read');
  const ticks = () => citizen.widgetFrame().evaluate(() => (window as any).clipTicks_ as number);
  const before = await ticks();
  await expect.poll(ticks).toBeGreaterThan(before + 2);
  expect(await clip.evaluate((a: HTMLAudioElement) => a.paused)).toBe(false);
});

test('a recorder that never hands over its clip ends in an error and releases the microphone', async ({
  browser,
  server,
}) => {
  const { citizen, agent, conversation } = await humanChat(browser, server.base);
  const media = new CitizenMedia(citizen);
  await media.watchMicrophone();
  await silenceRecorders(citizen.widgetFrame());
  await media.button('开始录音').click();
  await expect(citizen.frame.getByRole('timer', { name: '录音时长' })).toHaveText(/^00:0[1-9]$/);
  await media.button('停止并发送').click();
  const sending = citizen.frame.getByRole('group', { name: '正在发送' });
  await expect(sending).toBeVisible();
  // Not 正在发送 for ever: after a few seconds the reason, the microphone off, typing and recording again.
  await expect(citizen.frame.getByRole('alert')).toHaveText('录音失败，请重试或改用文字', { timeout: 10_000 });
  await expect(sending).toHaveCount(0);
  expect(await media.microphones()).toEqual({ opened: 1, live: 0 });
  await expect(citizen.input).toBeFocused();
  await expect(media.button('开始录音')).toBeEnabled();
  expect(await attachments(agent, conversation)).toEqual([]);
});

/** Waits until an image has been fetched and decoded. */
async function expectLoaded(image: import('@playwright/test').Locator): Promise<void> {
  await expect
    .poll(() => image.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0), { timeout: 15_000 })
    .toBe(true);
}

/** Sends a PNG again with the citizen's visitor token under `clientId`, as the widget's 重试 does. */
async function resendAsCitizen(
  citizen: import('../fixtures/widget').Citizen,
  conversation: string,
  clientId: string,
): Promise<any> {
  const token = await citizen.widgetFrame().evaluate(() => localStorage.getItem('bangban.visitor'));
  const res = await citizen.page.request.post(
    `${new URL(citizen.page.url()).origin}/api/conversations/${conversation}/attachments?client_id=${clientId}`,
    { data: pngBytes(320, 200), headers: { Authorization: `Bearer ${token}` } },
  );
  expect(res.ok(), await res.text()).toBeTruthy();
  return res.json();
}
