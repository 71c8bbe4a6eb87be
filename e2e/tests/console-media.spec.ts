// Screenshots and voice clips in the agent console: the citizen's image and clip (sent through the upload API)
// show in the transcript, the image opens in a viewer that zooms and closes with Escape, the clip plays; the
// agent sends an image (发送图片, paste, drop) and records a clip from Chromium's fake microphone; a file that
// is not an image is refused before upload; a refused microphone leaves typing working; a recorder that never
// hands over its clip is reported and lets the microphone go; earlier chats show their attachments in 历史会话. The fake microphone comes from playwright.config.ts
// (--use-fake-ui-for-media-stream --use-fake-device-for-media-stream).
import * as zlib from 'node:zlib';
import { APIRequestContext, Locator, Page } from '@playwright/test';
import { test, expect } from '../fixtures/test';
import { AgentConsole, agentAs, ApiCitizen } from '../fixtures/console';
import { silenceRecorders } from '../fixtures/widget';

const ITEM = '居住证签注';

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real RGB PNG of `width` × `height` with a gradient (so it is not a flat colour). */
function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) rows.set([(x * 255) / width, (y * 255) / height, 128], row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');

type Message = { seq: number; sender: string; text: string; attachment?: { kind: string; duration_ms?: number } };

async function messagesOf(citizen: ApiCitizen): Promise<Message[]> {
  const res = await citizen.request.get(`${citizen.base}/api/conversations/${citizen.conversation}/messages?after=0`, {
    headers: citizen.headers,
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return res.json();
}

/** The citizen sends an image through the upload API with its bearer token. */
async function citizenSendsImage(citizen: ApiCitizen, clientId: string): Promise<Message> {
  const res = await citizen.request.post(
    `${citizen.base}/api/conversations/${citizen.conversation}/attachments?client_id=${clientId}`,
    { headers: { ...citizen.headers, 'Content-Type': 'application/octet-stream' }, data: png(640, 400) },
  );
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/** The citizen records two seconds from the fake microphone in a page of its own and uploads that WebM/Opus. */
async function citizenSendsClip(page: Page, citizen: ApiCitizen): Promise<{ status: number; body: Message }> {
  await page.goto(`${citizen.base}/api/service-status`);
  return page.evaluate(
    async ([token, id]) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const recorder = new MediaRecorder(stream, { mimeType: 'audio/webm;codecs=opus' });
      const parts: Blob[] = [];
      recorder.ondataavailable = (e) => parts.push(e.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      recorder.stop();
      await stopped;
      stream.getTracks().forEach((t) => t.stop());
      const res = await fetch(`/api/conversations/${id}/attachments?client_id=citizen-clip-1`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: new Blob(parts, { type: recorder.mimeType }),
      });
      return { status: res.status, body: await res.json() };
    },
    [citizen.token, citizen.conversation],
  );
}

/** Width of an image as laid out, once it has loaded. */
async function shownWidth(img: Locator): Promise<number> {
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeTruthy();
  return (await img.boundingBox())!.width;
}

/** 发送图片 through the file picker. */
async function pickFile(agent: AgentConsole, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  const chooser = agent.page.waitForEvent('filechooser');
  await agent.page.getByRole('button', { name: '发送图片', exact: true }).click();
  await (await chooser).setFiles({ name, mimeType, buffer });
}

/** Requests to the upload endpoint, as the agent's page made them. */
function uploadsOf(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/attachments')) seen.push(r.url());
  });
  return seen;
}

async function chatWithAgent(
  browser: import('@playwright/test').Browser,
  base: string,
  request: APIRequestContext,
): Promise<{ citizen: ApiCitizen; agent: AgentConsole }> {
  const citizen = await ApiCitizen.create(request, base);
  const agent = await agentAs(browser, base, 'chuangkou1');
  await citizen.handoff(ITEM, '我把截图和语音发给您');
  await agent.acceptFirst();
  return { citizen, agent };
}

test("the citizen's image opens in a zoomable viewer and the clip plays", async ({ browser, server, request }) => {
  const { citizen, agent } = await chatWithAgent(browser, server.base, request);
  const sent = await citizenSendsImage(citizen, 'citizen-img-1');
  expect(sent.attachment?.kind).toBe('image');
  expect(sent.text).toBe('[图片]');

  // The thumbnail, named by who sent it, loads through the session cookie.
  const thumb = agent.transcript.getByRole('button', { name: '市民发送的图片' });
  await expect(thumb).toBeVisible();
  const thumbWidth = await shownWidth(thumb.getByRole('img', { name: '市民发送的图片' }));
  expect(thumbWidth).toBeLessThanOrEqual(320);

  // Enter opens the viewer with the full image; 放大 makes it larger, 缩小 smaller again.
  await thumb.focus();
  await agent.page.keyboard.press('Enter');
  const viewer = agent.page.getByRole('dialog', { name: '市民发送的图片' });
  await expect(viewer).toBeVisible();
  const full = viewer.getByRole('img', { name: '市民发送的图片' });
  const before = await shownWidth(full);
  expect(before).toBeGreaterThan(thumbWidth);
  await viewer.getByRole('button', { name: '放大' }).click();
  await expect.poll(async () => (await full.boundingBox())!.width).toBeGreaterThan(before * 1.2);
  await viewer.getByRole('button', { name: '缩小' }).click();
  await expect.poll(async () => Math.round((await full.boundingBox())!.width)).toBe(Math.round(before));
  await viewer.getByRole('button', { name: '放大' }).click();
  await viewer.getByRole('button', { name: '适合窗口' }).click();
  await expect.poll(async () => Math.round((await full.boundingBox())!.width)).toBe(Math.round(before));
  const download = viewer.getByRole('link', { name: '下载' });
  await expect(download).toHaveAttribute('href', /\/attachments\/[^/?]+\?download=1$/);
  const file = await agent.page.request.get(new URL((await download.getAttribute('href'))!, server.base).href);
  expect(file.headers()['content-disposition']).toMatch(/^attachment/);

  // Escape closes it and the focus is back on the thumbnail.
  await agent.page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(thumb).toBeFocused();
  await thumb.click();
  await expect(viewer).toBeVisible();
  await viewer.getByRole('button', { name: '关闭' }).click();
  await expect(viewer).toBeHidden();
  await expect(thumb).toBeFocused();

  // A real clip from the fake microphone: a player named by its length, the length as text, and 下载.
  const page = await (await browser.newContext()).newPage();
  const clip = await citizenSendsClip(page, citizen);
  expect(clip.status, JSON.stringify(clip.body)).toBe(200);
  expect(clip.body.attachment?.kind).toBe('audio');
  const seconds = Math.max(1, Math.ceil((clip.body.attachment!.duration_ms ?? 0) / 1000));
  const audio = agent.transcript.locator('audio');
  await expect(audio).toHaveCount(1);
  await expect(audio).toHaveAttribute('aria-label', `语音 ${seconds} 秒`);
  await expect(audio).toHaveAttribute('preload', 'metadata');
  const row = agent.transcript.locator('.msg.citizen', { has: agent.page.locator('audio') });
  await expect(row.getByText(`${seconds} 秒`, { exact: true })).toBeVisible();
  await expect(row.getByRole('link', { name: '下载' })).toHaveAttribute('href', /\?download=1$/);
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState)).toBeGreaterThanOrEqual(1);
  expect(await audio.evaluate((a: HTMLAudioElement) => a.duration)).toBeGreaterThan(0);
  await audio.evaluate((a: HTMLAudioElement) => a.play());
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0.2);
  await page.context().close();
});

test('the agent sends an image and a voice clip; the citizen gets both', async ({ browser, server, request }) => {
  const { citizen, agent } = await chatWithAgent(browser, server.base, request);
  const uploads = uploadsOf(agent.page);

  // The first upload is lost on the way: the reason and 重试, which sends the same client id again.
  let lose = true;
  await agent.page.route('**/attachments?client_id=*', async (route) => {
    if (lose) {
      lose = false;
      await route.abort('connectionreset');
    } else {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    }
  });
  await pickFile(agent, '截图.png', 'image/png', png(800, 600));
  const tray = agent.page.getByRole('group', { name: '待发送的文件' });
  await expect(tray.getByRole('img', { name: '待发送的图片' })).toBeVisible();
  await expect(tray.getByRole('button', { name: '确认发送' })).toBeFocused();
  await tray.getByRole('button', { name: '确认发送' }).click();
  await expect(tray.getByRole('alert')).toContainText('网络连接失败');
  await tray.getByRole('button', { name: '重试' }).click();
  await expect(tray.getByRole('progressbar', { name: '上传进度' })).toBeVisible();
  const mine = agent.transcript.getByRole('button', { name: '客服发送的图片' });
  await expect(mine).toBeVisible();
  await expect(tray).toBeHidden();
  expect(uploads).toHaveLength(2);
  expect(new URL(uploads[0]).searchParams.get('client_id')).toBe(new URL(uploads[1]).searchParams.get('client_id'));
  await agent.page.unroute('**/attachments?client_id=*');

  // Streams the page gets from the microphone, to check that each is released afterwards.
  await agent.page.evaluate(() => {
    const w = window as any;
    w.micStreams = [];
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const stream = await original(c);
      w.micStreams.push(stream);
      return stream;
    };
  });
  const liveTracks = () =>
    agent.page.evaluate(
      () =>
        (window as any).micStreams
          .flatMap((s: MediaStream) => s.getTracks())
          .filter((t: MediaStreamTrack) => t.readyState === 'live').length,
    );

  // A voice clip: the clock runs and the meter shows while recording; 停止并发送 sends it.
  await agent.page.getByRole('button', { name: '开始录音' }).click();
  const timer = agent.page.getByRole('timer', { name: '录音时长' });
  await expect(timer).toBeVisible();
  await expect(agent.page.getByRole('meter', { name: '音量' })).toBeVisible();
  await expect(agent.page.getByRole('button', { name: '停止并发送' })).toBeFocused();
  await expect(timer).toHaveText(/^0:0[2-9]$/, { timeout: 6_000 });
  await agent.page.getByRole('button', { name: '停止并发送' }).click();
  await expect(timer).toBeHidden();
  const clip = agent.transcript.locator('.msg.agent audio');
  await expect(clip).toHaveCount(1);
  await expect(clip).toHaveAttribute('aria-label', /^语音 \d+ 秒$/);
  await expect(agent.page.getByRole('button', { name: '开始录音' })).toBeEnabled();
  await expect.poll(liveTracks).toBe(0);

  // 取消录音 sends nothing and releases the microphone too.
  await agent.page.getByRole('button', { name: '开始录音' }).click();
  await expect(timer).toBeVisible();
  expect(await liveTracks()).toBe(1);
  await agent.page.getByRole('button', { name: '取消录音' }).click();
  await expect(timer).toBeHidden();
  await expect(agent.reply).toBeFocused();
  await expect.poll(liveTracks).toBe(0);

  // The citizen's view of the chat has the image and the clip, each once.
  await expect
    .poll(async () =>
      (await messagesOf(citizen))
        .filter((m) => m.sender === 'agent' && m.attachment)
        .map((m) => m.attachment!.kind)
        .sort(),
    )
    .toEqual(['audio', 'image']);

  // An SVG is refused in the browser with the Chinese reason, and nothing is uploaded.
  const before = uploads.length;
  await pickFile(agent, 'logo.svg', 'image/svg+xml', SVG);
  await expect(agent.page.getByRole('alert').filter({ hasText: '此文件类型不支持' })).toBeVisible();
  await expect(tray).toBeHidden();
  await agent.page.waitForTimeout(300);
  expect(uploads.length).toBe(before);
  expect((await messagesOf(citizen)).filter((m) => m.attachment)).toHaveLength(2);

  // Typing still works next to all this.
  await agent.send('图片和语音都收到了吗？');
  await expect(agent.transcript).toContainText('图片和语音都收到了吗？');
});

test('an image pasted into the reply box or dropped on the chat is previewed first', async ({
  browser,
  server,
  request,
}) => {
  const { citizen, agent } = await chatWithAgent(browser, server.base, request);
  const bytes = [...png(120, 90)];
  const tray = agent.page.getByRole('group', { name: '待发送的文件' });

  // Paste: previewed, then 取消发送 sends nothing.
  await agent.reply.evaluate((el, data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'paste.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(tray.getByRole('img', { name: '待发送的图片' })).toBeVisible();
  await tray.getByRole('button', { name: '取消发送' }).click();
  await expect(tray).toBeHidden();

  // Drop on the transcript: previewed, then 确认发送.
  await agent.transcript.evaluate((el, data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'drop.png', { type: 'image/png' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      el.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, bytes);
  await tray.getByRole('button', { name: '确认发送' }).click();
  await expect(agent.transcript.getByRole('button', { name: '客服发送的图片' })).toHaveCount(1);
  await expect
    .poll(async () => (await messagesOf(citizen)).filter((m) => m.attachment?.kind === 'image').length)
    .toBe(1);
});

test('a refused microphone is explained and typing still works', async ({ browser, server, request }) => {
  const citizen = await ApiCitizen.create(request, server.base);
  const context = await browser.newContext();
  await context.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () =>
      Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  const agent = new AgentConsole(await context.newPage());
  await agent.login(server.base, 'chuangkou1');
  await agent.signIn();
  await citizen.handoff(ITEM, '我想发语音');
  await agent.acceptFirst();

  await agent.page.getByRole('button', { name: '开始录音' }).click();
  await expect(agent.page.getByRole('alert').filter({ hasText: '麦克风权限被拒绝' })).toBeVisible();
  await expect(agent.page.getByRole('timer', { name: '录音时长' })).toBeHidden();
  await agent.send('没关系，我们打字沟通');
  await expect(agent.transcript).toContainText('没关系，我们打字沟通');
});

test('a recorder that never hands over its clip is reported and releases the microphone', async ({
  browser,
  server,
  request,
}) => {
  const { citizen, agent } = await chatWithAgent(browser, server.base, request);
  await agent.page.evaluate(() => {
    const w = window as any;
    w.micStreams = [];
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const stream = await original(c);
      w.micStreams.push(stream);
      return stream;
    };
  });
  await silenceRecorders(agent.page);
  await agent.page.getByRole('button', { name: '开始录音' }).click();
  const timer = agent.page.getByRole('timer', { name: '录音时长' });
  await expect(timer).toHaveText(/^0:0[1-9]$/, { timeout: 6_000 });
  await agent.page.getByRole('button', { name: '停止并发送' }).click();
  await expect(agent.page.getByRole('alert').filter({ hasText: '录音失败，请重试或改用文字' })).toBeVisible({
    timeout: 10_000,
  });
  const live = await agent.page.evaluate(
    () =>
      (window as any).micStreams
        .flatMap((s: MediaStream) => s.getTracks())
        .filter((t: MediaStreamTrack) => t.readyState === 'live').length,
  );
  expect(live).toBe(0);
  await expect(agent.page.getByRole('button', { name: '开始录音' })).toBeEnabled();
  expect((await messagesOf(citizen)).filter((m) => m.attachment)).toEqual([]);
});

test("an earlier chat's screenshot shows in 历史会话", async ({ browser, server, request }) => {
  const { citizen, agent } = await chatWithAgent(browser, server.base, request);
  await citizenSendsImage(citizen, 'earlier-img-1');
  await expect(agent.transcript.getByRole('button', { name: '市民发送的图片' })).toBeVisible();
  await citizen.close();

  await citizen.handoff(ITEM, '上次的截图您还能看到吗');
  await agent.acceptFirst();
  await expect(agent.transcript).toContainText('上次的截图您还能看到吗');
  const history = agent.page.getByRole('region', { name: '历史会话' });
  await history.getByText('我把截图和语音发给您').click();
  const earlier = history.getByRole('button', { name: '市民发送的图片' });
  await expect(earlier).toBeVisible();
  await shownWidth(earlier.getByRole('img'));
  await earlier.click();
  await expect(agent.page.getByRole('dialog', { name: '市民发送的图片' })).toBeVisible();
  await agent.page.keyboard.press('Escape');
  await expect(earlier).toBeFocused();
});

test('a recording stops at 60 seconds and is sent by itself', async ({ browser, server, request }) => {
  const citizen = await ApiCitizen.create(request, server.base);
  const context = await browser.newContext();
  // The page's clock is ours to move: a minute passes at once, while the microphone records a moment.
  await context.clock.install();
  const agent = new AgentConsole(await context.newPage());
  await agent.login(server.base, 'chuangkou1');
  await agent.signIn();
  await citizen.handoff(ITEM, '语音最长多久');
  await agent.acceptFirst();

  await agent.page.getByRole('button', { name: '开始录音' }).click();
  const timer = agent.page.getByRole('timer', { name: '录音时长' });
  await expect(timer).toBeVisible();
  await agent.page.clock.fastForward('00:55');
  await expect(timer).toHaveText(/^0:5[5-9]$/);
  await expect(agent.page.getByRole('button', { name: '停止并发送' })).toBeVisible();
  await agent.page.clock.fastForward('00:06');
  await expect(timer).toBeHidden();
  await expect(agent.transcript.locator('.msg.agent audio')).toHaveCount(1);
  await expect
    .poll(async () => (await messagesOf(citizen)).filter((m) => m.attachment?.kind === 'audio').length)
    .toBe(1);
});
