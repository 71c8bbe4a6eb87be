// The 随申办 page at a phone viewport: the widget fills the screen and answers.
import { test, expect } from '../fixtures/test';
import { Citizen } from '../fixtures/widget';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('the widget fills a phone screen and answers', async ({ page, server }) => {
  const citizen = new Citizen(page);
  await citizen.open(server.base, '/demo/suishenban.html');
  const box = await citizen.dialog.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.width).toBeGreaterThanOrEqual(388);
  expect(box!.height).toBeGreaterThanOrEqual(800);
  await citizen.ask('第一次办居住证要带哪些材料');
  await expect(citizen.frame.getByRole('button', { name: '已解决', exact: true })).toBeVisible();
  await expect(citizen.frame.getByRole('button', { name: '转人工', exact: true })).toBeVisible();
});
