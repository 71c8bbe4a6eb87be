// Screenshots and voice clips end to end, with both real apps: the citizen in the widget (on the demo host
// page) asks for 转人工, the agent 签入 and 接入 in the console; the citizen sends a pasted screenshot, a picked
// image and a voice clip from Chromium's fake microphone (playwright.config.ts); the agent sees both images
// (thumbnail, then the viewer) and plays the clip; the agent's image comes back into the widget. Logs how long
// a ~2 MB pasted screenshot takes from the citizen's 确认发送 to its thumbnail loaded on the agent's screen.
import { test, expect } from '../fixtures/test';
import { agentAs, agentSendsImage, citizenImages } from '../fixtures/console';
import { Citizen, CitizenMedia, expectImageLoaded, pngBytes } from '../fixtures/widget';

test('a pasted screenshot, a picked image and a voice clip reach the console, and an image comes back', async ({
  browser,
  server,
}) => {
  // The citizen: 小申 on the demo page, then 转人工.
  const citizen = new Citizen(await (await browser.newContext()).newPage());
  await citizen.open(server.base);
  await citizen.ask('我要发截图给人工客服看');
  await citizen.handoff();
  await expect(citizen.log).toContainText('人工客服');

  // The agent: 签入, then 接入 the waiting chat.
  const agent = await agentAs(browser, server.base, 'chuangkou1');
  await expect(agent.waiting).toContainText('我要发截图给人工客服看');
  await agent.acceptFirst();
  await expect(citizen.log).toContainText('已接入');
  const media = new CitizenMedia(citizen);
  const mine = citizen.log.locator('.bb-citizen');

  // A ~2 MB screenshot pasted into the message box; timed until its thumbnail has loaded in the console.
  const size = await media.paste(840, 840, true);
  expect(size).toBeGreaterThan(1_900_000);
  await expect(media.preview.getByRole('img', { name: '待发送的图片' })).toBeVisible();
  const started = Date.now();
  await media.button('确认发送').click();
  await agent.page.waitForFunction(
    () =>
      [...document.querySelectorAll<HTMLImageElement>('[role=log] .msg.citizen .thumb img')].some(
        (i) => i.complete && i.naturalWidth > 0,
      ),
    null,
    { polling: 'raf', timeout: 30_000 },
  );
  const elapsed = Date.now() - started;
  console.log(
    `upload-to-visible on the agent's screen, ${(size / 1e6).toFixed(2)} MB pasted PNG: ${elapsed} ms`,
  );
  await expect(mine.locator('.bb-thumb')).toHaveCount(1);

  // A picked image: 发送图片, preview, 确认发送.
  await media.pick({ name: '截图.png', mimeType: 'image/png', buffer: pngBytes(640, 360) });
  await expect(media.preview.getByRole('img', { name: '待发送的图片' })).toBeVisible();
  await media.button('确认发送').click();
  await expect(mine.locator('.bb-thumb')).toHaveCount(2);

  // A voice clip: 开始录音 … 停止并发送.
  await media.watchMicrophone();
  await media.button('开始录音').click();
  const timer = citizen.frame.getByRole('timer', { name: '录音时长' });
  await expect(timer).toHaveText(/^00:0[2-9]$/);
  await media.button('停止并发送').click();
  await expect(mine.locator('audio')).toHaveCount(1);
  expect(await media.microphones()).toEqual({ opened: 1, live: 0 });

  // The agent sees both images: each thumbnail loads and opens the viewer with the full image.
  const thumbs = citizenImages(agent);
  await expect(thumbs).toHaveCount(2);
  const widths: number[] = [];
  for (const thumb of await thumbs.all()) {
    await expect(thumb).toBeVisible();
    await expectImageLoaded(thumb.getByRole('img'));
    await thumb.click();
    const viewer = agent.page.getByRole('dialog', { name: '市民发送的图片' });
    await expect(viewer).toBeVisible();
    const full = viewer.getByRole('img', { name: '市民发送的图片' });
    await expectImageLoaded(full);
    widths.push(await full.evaluate((i: HTMLImageElement) => i.naturalWidth));
    await agent.page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
    await expect(thumb).toBeFocused();
  }
  expect(widths).toEqual([840, 640]);

  // The agent plays the clip: a player named by the clip's stored length, which plays.
  const audio = agent.transcript.locator('.msg.citizen audio');
  await expect(audio).toHaveCount(1);
  const src = (await audio.getAttribute('src'))!;
  const conversation = src.match(/\/api\/conversations\/([^/]+)\/attachments\//)![1];
  const stored = await (
    await agent.page.request.get(`${server.base}/api/conversations/${conversation}/messages?after=0`)
  ).json();
  const clip = stored.find((m: any) => m.attachment?.kind === 'audio').attachment;
  expect(clip.duration_ms).toBeGreaterThan(1_000);
  const seconds = Math.ceil(clip.duration_ms / 1000);
  await expect(audio).toHaveAttribute('aria-label', `语音 ${seconds} 秒`);
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState)).toBeGreaterThanOrEqual(1);
  expect(await audio.evaluate((a: HTMLAudioElement) => a.duration)).toBeGreaterThan(0);
  await audio.evaluate((a: HTMLAudioElement) => a.play());
  const playedFrom = await audio.evaluate((a: HTMLAudioElement) => a.currentTime);
  await expect
    .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime))
    .toBeGreaterThan(playedFrom + 0.2);
  expect(await audio.evaluate((a: HTMLAudioElement) => a.error)).toBeNull();

  // The agent sends an image back with 发送图片; it shows in the widget and loads.
  await agentSendsImage(agent, { name: '示例.png', mimeType: 'image/png', buffer: pngBytes(400, 300) });
  await expect(agent.transcript.getByRole('button', { name: '客服发送的图片' })).toHaveCount(1);
  const back = citizen.log.locator('.bb-agent').getByRole('button', { name: '查看大图：图片' });
  await expect(back).toBeVisible();
  await expectImageLoaded(back.getByRole('img'));
});
