// 小申's index off the main thread (issue 3): the snapshot is parsed, indexed and matched in a Web Worker
// that runs the widget's own wasm module; without one (no `Worker`, or a worker that cannot start) the
// widget indexes on the page as before and 小申 still answers; an unreadable cached snapshot is dropped and
// downloaded again.
//
// The worker is observed, not replaced: an init script in the widget's frame subclasses `Worker` only to
// record the frames each worker sends (`kb_protocol::FromWorker`). Init scripts run in the iframe's initial
// about:blank document, whose window the widget's same-origin page then keeps: hence "not the top window"
// rather than a test of the iframe's URL.
import { Locator, Page } from '@playwright/test';
import { test, expect } from '../fixtures/test';
import { Citizen } from '../fixtures/widget';

const ANSWERED = '居住证签注需要带哪些材料';
const VAGUE = '居住证';

type Entry = { id: string; question: string; answer: string };
/** A frame from a worker (`kb_protocol::FromWorker`, serde's external tagging), flattened. */
type Frame = { type: string; entries?: number; id?: number; reply?: any };

/**
 * Records in `window.kbFrames` every frame a worker of the widget's frame sends, and in `window.kbLoads`
 * what each `Load` carried: `text` (a string) or the snapshot's constructor name (`ArrayBuffer`).
 */
async function watchWorkers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as any;
    if (window === window.top || w.kbFrames) return;
    w.kbFrames = [];
    w.kbLoads = [];
    const Real = w.Worker;
    w.Worker = class extends Real {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (e: MessageEvent) => {
          if (typeof e.data === 'string') w.kbFrames.push(JSON.parse(e.data));
        });
      }
      postMessage(message: any, ...rest: any[]) {
        if (Array.isArray(message) && message[0] === '"Load"') {
          w.kbLoads.push(typeof message[1] === 'string' ? 'text' : message[1]?.constructor?.name);
        }
        return super.postMessage(message, ...rest);
      }
    };
  });
}

/** What each `Load` sent to a worker carried (see `watchWorkers`). */
async function loads(citizen: Citizen): Promise<string[]> {
  return citizen.widgetFrame().evaluate(() => (window as any).kbLoads ?? []);
}

/**
 * `localStorage` refuses the snapshot, as it refuses a large one (20,000 entries are 30 MB; Chromium allows
 * an origin 10 MiB); everything else is stored as usual.
 */
async function refuseSnapshotInLocalStorage(page: Page): Promise<void> {
  await page.addInitScript(() => {
    if (window === window.top || (window as any).kbFull) return;
    (window as any).kbFull = true;
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      if (key === 'bangban.kb') throw new DOMException('quota', 'QuotaExceededError');
      return set.call(this, key, value);
    };
  });
}

/**
 * Opens the widget with localStorage refusing the snapshot, has 小申 answer once, and waits until the
 * snapshot is kept in the Cache API; returns the citizen and the 已解决 buttons.
 */
async function answerWithSnapshotInCacheApi(page: Page, base: string): Promise<{ citizen: Citizen; solved: Locator }> {
  await refuseSnapshotInLocalStorage(page);
  const citizen = new Citizen(page);
  await citizen.open(base);
  await citizen.ask(ANSWERED);
  const solved = citizen.frame.getByRole('button', { name: '已解决', exact: true });
  await expect(solved).toBeVisible();
  await expect.poll(async () => (await kept(citizen)).entries).toBeGreaterThan(0);
  return { citizen, solved };
}

/** The snapshot kept in the widget's Cache API (its entry count, 0 when none) and localStorage's keys. */
async function kept(citizen: Citizen): Promise<{ entries: number; local: string | null; etag: string | null }> {
  return citizen.widgetFrame().evaluate(async () => {
    const cached = await (await caches.open('bangban-kb')).match('/api/kb/snapshot');
    return {
      entries: cached ? JSON.parse(await cached.text()).entries.length : 0,
      local: localStorage.getItem('bangban.kb'),
      etag: localStorage.getItem('bangban.kb.etag'),
    };
  });
}

/** Removes `Worker` from the widget's frame, as in a browser without workers. */
async function withoutWorkers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    if (window !== window.top) delete (window as any).Worker;
  });
}

/**
 * Intercepts the first message the widget's frame posts to each worker, the compiled wasm module: `spoil`
 * posts nonsense instead, `drop` posts nothing.
 */
async function interceptModule(page: Page, mode: 'spoil' | 'drop'): Promise<void> {
  await page.addInitScript((mode) => {
    const w = window as any;
    if (window === window.top || w.kbIntercepted) return;
    w.kbIntercepted = true;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: any, ...rest: any[]) {
      const first = Array.isArray(message) && message[0] instanceof WebAssembly.Module;
      if (first && mode === 'drop') return;
      return post.call(this, first ? [null, 'about:blank'] : message, ...(rest as [any]));
    };
  }, mode);
}

async function frames(citizen: Citizen): Promise<Frame[]> {
  const raw: any[] = await citizen.widgetFrame().evaluate(() => (window as any).kbFrames ?? []);
  return raw.map((f) => (typeof f === 'string' ? { type: f } : { type: Object.keys(f)[0], ...Object.values(f)[0] as object }));
}

async function snapshot(page: Page, base: string): Promise<Entry[]> {
  const res = await page.request.get(`${base}/api/kb/snapshot`);
  expect(res.ok()).toBeTruthy();
  return (await res.json()).entries;
}

/** Asks the vague question, picks the first suggestion and expects that entry's answer. */
async function pickFirstSuggestion(citizen: Citizen, entries: Entry[]): Promise<string> {
  await citizen.ask(VAGUE);
  await expect(citizen.log).toContainText('您是不是想问');
  const first = citizen.log.locator('.bb-suggest button').first();
  const label = (await first.textContent())!.trim();
  const entry = entries.find((e) => e.question === label)!;
  expect(entry, label).toBeTruthy();
  await first.click();
  await expect(citizen.log).toContainText(entry.answer);
  return entry.id;
}

test('小申 indexes the snapshot in a worker and answers through it', async ({ page, server }) => {
  await watchWorkers(page);
  const entries = await snapshot(page, server.base);
  const citizen = new Citizen(page);
  await citizen.open(server.base);

  await citizen.ask(ANSWERED);
  await expect(citizen.frame.getByRole('button', { name: '已解决', exact: true })).toBeVisible();
  const picked = await pickFirstSuggestion(citizen, entries);

  const seen = await frames(citizen);
  expect(seen[0]).toEqual({ type: 'Ready' });
  expect(seen).toContainEqual({ type: 'Indexed', entries: entries.length });
  const answers = seen.filter((f) => f.type === 'Reply' && f.reply?.Answer).map((f) => f.reply.Answer.entry);
  expect(answers).toContain(picked);
  expect(answers.length).toBe(2);
  expect(seen.some((f) => f.type === 'Reply' && f.reply?.Suggest)).toBe(true);
  // A snapshot that fits in localStorage is kept there as text, and goes to the worker as that text.
  expect(await loads(citizen)).toEqual(['text']);
  // The index lives in a worker of the widget's frame (started from a Blob URL), not in the page.
  expect(page.workers().map((w) => w.url().split(':')[0])).toEqual(['blob']);
});

test('without Worker 小申 indexes on the page and still answers', async ({ page, server }) => {
  await withoutWorkers(page);
  const entries = await snapshot(page, server.base);
  const citizen = new Citizen(page);
  await citizen.open(server.base);
  expect(await citizen.widgetFrame().evaluate(() => typeof (window as any).Worker)).toBe('undefined');

  await citizen.ask(ANSWERED);
  await expect(citizen.frame.getByRole('button', { name: '已解决', exact: true })).toBeVisible();
  await pickFirstSuggestion(citizen, entries);
  // Reloaded (the restored transcript has no buttons): answered from the cached snapshot, indexed on the
  // page again.
  await citizen.reopen();
  const solved = citizen.frame.getByRole('button', { name: '已解决', exact: true });
  await expect(solved).toHaveCount(0);
  await citizen.ask(ANSWERED);
  await expect(solved).toHaveCount(1);
  expect(page.workers()).toEqual([]);
});

test('a worker that cannot start leaves the index to the page', async ({ page, server }) => {
  await watchWorkers(page);
  // The worker gets nonsense instead of the wasm module, so it cannot start the widget's code.
  await interceptModule(page, 'spoil');
  const entries = await snapshot(page, server.base);
  const citizen = new Citizen(page);
  await citizen.open(server.base);

  await citizen.ask(ANSWERED);
  await expect(citizen.frame.getByRole('button', { name: '已解决', exact: true })).toBeVisible();
  await pickFirstSuggestion(citizen, entries);
  const seen = await frames(citizen);
  expect(seen.map((f) => f.type)).toEqual(['Failed']);
});

for (const mode of ['in a worker', 'on the page'] as const) {
  test(`an unreadable cached snapshot is dropped and downloaded again (${mode})`, async ({ page, server }) => {
    if (mode === 'in a worker') await watchWorkers(page);
    else await withoutWorkers(page);
    const citizen = new Citizen(page);
    await citizen.open(server.base);
    await citizen.ask(ANSWERED);
    await expect(citizen.frame.getByRole('button', { name: '已解决', exact: true })).toBeVisible();

    // Spoil the cached snapshot but keep its current ETag: a widget that kept the cache would only be
    // told "304 Not Modified", and never get a readable snapshot again.
    const storage = () =>
      citizen.widgetFrame().evaluate(() => ({
        kb: localStorage.getItem('bangban.kb'),
        etag: localStorage.getItem('bangban.kb.etag'),
      }));
    await expect.poll(async () => (await storage()).etag).toBeTruthy();
    await citizen.widgetFrame().evaluate(() => localStorage.setItem('bangban.kb', '{"version": 1, "entr'));
    const download = page.waitForResponse((r) => r.url().endsWith('/api/kb/snapshot') && r.status() === 200);
    await citizen.reopen();
    await download;

    // The restored transcript has no buttons: a new 已解决 is a new answer.
    const solved = citizen.frame.getByRole('button', { name: '已解决', exact: true });
    await expect(solved).toHaveCount(0);
    await citizen.ask(ANSWERED);
    await expect(solved).toHaveCount(1);
    const stored = await storage();
    expect(JSON.parse(stored.kb!).entries.length).toBeGreaterThan(0);
    expect(stored.etag).toBeTruthy();
    if (mode === 'in a worker') {
      const types = (await frames(citizen)).map((f) => f.type);
      expect(types.slice(0, 2)).toEqual(['Ready', 'Unreadable']);
      expect(types).toContain('Indexed');
    }
  });
}

test('a worker that never says it is ready is ended, and the page indexes instead', async ({ page, server }) => {
  await watchWorkers(page);
  // The worker never gets the wasm module, so it waits without a word (as when its glue never loads).
  await interceptModule(page, 'drop');
  const citizen = new Citizen(page);
  const opened = Date.now();
  await citizen.open(server.base);
  await expect.poll(() => page.workers().length).toBe(1);

  // The question waits for an index; after 8 s without Ready the page builds one and answers it.
  await citizen.ask(ANSWERED);
  await expect(citizen.frame.getByRole('button', { name: '已解决', exact: true })).toBeVisible({ timeout: 30_000 });
  expect(Date.now() - opened).toBeGreaterThanOrEqual(8_000);
  expect(await frames(citizen)).toEqual([]);
  await expect.poll(() => page.workers().length).toBe(0);
  await expect(citizen.log).not.toContainText('网络');
});

test('a snapshot too big for localStorage is kept in the Cache API and answers when the server cannot', async ({
  page,
  server,
}) => {
  await watchWorkers(page);
  const { citizen, solved } = await answerWithSnapshotInCacheApi(page, server.base);
  const first = await kept(citizen);
  expect(first.local).toBeNull();
  expect(first.etag).toBeTruthy();
  // The page never decoded it: the downloaded bytes went to the worker as they are.
  expect(await loads(citizen)).toEqual(['ArrayBuffer']);

  // Revalidation is answered 304 and nothing is downloaded again.
  const statuses: number[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('/api/kb/snapshot')) statuses.push(r.status());
  });
  await citizen.reopen();
  await expect.poll(() => statuses).toEqual([304]);
  await expect(solved).toHaveCount(0);
  await citizen.ask(ANSWERED);
  await expect(solved).toHaveCount(1);
  expect(await loads(citizen)).toEqual(['ArrayBuffer']);

  // The snapshot cannot be fetched any more: 小申 answers from the Cache API's copy.
  await page.route('**/api/kb/snapshot', (route) => route.abort('connectionrefused'));
  await citizen.reopen();
  await citizen.ask(ANSWERED);
  await expect(solved).toHaveCount(1);
  const types = (await frames(citizen)).map((f) => f.type);
  expect(types).toContainEqual('Indexed');
  await expect(citizen.log).not.toContainText('网络');
  expect((await kept(citizen)).entries).toBe(first.entries);
});

test('without Worker a snapshot kept in the Cache API is indexed on the page from its bytes', async ({
  page,
  server,
}) => {
  await withoutWorkers(page);
  const { citizen, solved } = await answerWithSnapshotInCacheApi(page, server.base);

  await page.route('**/api/kb/snapshot', (route) => route.abort('connectionrefused'));
  await citizen.reopen();
  await expect(solved).toHaveCount(0);
  await citizen.ask(ANSWERED);
  await expect(solved).toHaveCount(1);
  await expect(citizen.log).not.toContainText('网络');
  expect(page.workers()).toEqual([]);
});
