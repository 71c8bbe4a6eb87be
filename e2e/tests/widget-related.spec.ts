// 小申's answers offer related questions (issue 3): a bare service name is answered with the item's guide, and
// the item's other entries ("您可能还想问") are one click or one Enter away; picking one answers with it.
import { test, expect } from '../fixtures/test';
import { Citizen } from '../fixtures/widget';

const SERVICE = '居住证签注';
const GUIDE = '可以。符合条件的持证人可登录一网通办';
const MATERIALS = '居住证签注（续签）需要带什么材料';
const MATERIALS_ANSWER = '居住证签注（即每年续签）一般需要';

test('an answer offers related questions; picking one by keyboard answers it', async ({ page, server }) => {
  const citizen = new Citizen(page);
  await citizen.open(server.base);
  await citizen.ask(SERVICE);
  await expect(citizen.log).toContainText(GUIDE);
  const related = citizen.log.getByRole('list', { name: '您可能还想问' });
  await expect(related).toHaveCount(1);
  await expect(citizen.log).toContainText('您可能还想问：');
  const buttons = related.getByRole('button');
  await expect(buttons).toHaveCount(3);
  const materials = related.getByRole('button', { name: MATERIALS, exact: true });
  await expect(materials).toBeVisible();

  await materials.focus();
  await page.keyboard.press('Enter');
  await expect(citizen.log).toContainText(MATERIALS_ANSWER);
  // The picked entry is answered on its own: 已解决 / 未解决 under each answer, no related list under the second.
  const solved = citizen.log.getByRole('button', { name: '已解决', exact: true });
  await expect(solved).toHaveCount(2);
  await expect(citizen.log.getByRole('list', { name: '您可能还想问' })).toHaveCount(1);

  // Feedback on the first answer settles it: its related questions go with its buttons.
  await solved.first().click();
  await expect(citizen.log).toContainText('感谢您的反馈');
  await expect(citizen.log.getByRole('list', { name: '您可能还想问' })).toHaveCount(0);
  await expect(citizen.log.getByRole('button', { name: '已解决', exact: true })).toHaveCount(1);
});

test('a question that names no single service still gets "您是不是想问"', async ({ page, server }) => {
  const citizen = new Citizen(page);
  await citizen.open(server.base);
  await citizen.ask('居住证');
  await expect(citizen.log).toContainText('您是不是想问');
  await expect(citizen.log.getByRole('button', { name: '都不是', exact: true })).toBeVisible();
  await expect(citizen.log.getByRole('list', { name: '您可能还想问' })).toHaveCount(0);
});
