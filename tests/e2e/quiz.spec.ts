import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { PlaygroundHarness } from './harness';

let h: PlaygroundHarness;
test.beforeEach(({ page }) => {
  h = new PlaygroundHarness(page);
});
test.afterEach(() => {
  expect(h.errors, 'console errors').toEqual([]);
});

/** Adds a quiz to the page with the given attributes; collects its events. */
async function addQuiz(page: Page, attributes: Record<string, string>) {
  await page.evaluate((attrs) => {
    const w = window as unknown as { answers: unknown[] };
    w.answers = [];
    document.addEventListener('conv-quiz-answer', (e) => w.answers.push((e as CustomEvent).detail));
    const quiz = document.createElement('conv-quiz');
    for (const [k, v] of Object.entries(attrs)) quiz.setAttribute(k, v);
    document.body.append(quiz);
  }, attributes);
  const quiz = page.locator('body > conv-quiz');
  await expect(quiz.locator('.prompt')).toBeVisible();
  return quiz;
}

test('the classic question: a wrong answer is diagnosed, then hint, solution, and a right answer', async ({
  page,
}) => {
  await h.goto();
  const quiz = h.root.locator('conv-quiz');
  await expect(quiz.locator('.prompt')).toContainText(
    'How many features per sample does nn.Flatten() pass on',
  );
  await expect(quiz.locator('pre')).toContainText('nn.Conv2d(10, 20, kernel_size=5, padding=2)');
  await quiz.locator('#answer').fill('1x5120');
  await quiz.getByRole('button', { name: 'Check' }).click();
  await expect(quiz.getByRole('status')).toContainText('You included the batch dimension');
  await quiz.getByRole('button', { name: 'Show a hint' }).click();
  await expect(quiz).toContainText('Hint: Work out each layer');
  await quiz.getByRole('button', { name: 'Show the solution' }).click();
  const solution = quiz.getByRole('region', { name: 'Worked solution' });
  await expect(solution).toContainText('⌊(130 + 2·0 − 1·(3 − 1) − 1) / 1⌋ + 1 = 128');
  await expect(solution).toContainText('20 × 16 × 16 = 5120 features per sample');
  await expect(solution.locator('math').first()).toBeVisible();
  // A step links to the window explorer of its layer.
  await solution.getByRole('button', { name: "Explore layer 2's window" }).click();
  await expect(solution.locator('conv-window-explorer')).toContainText(
    'nn.Conv2d(10, 20, kernel_size=5, padding=2)',
  );
  await quiz.locator('#answer').fill('5,120');
  await quiz.locator('#answer').press('Enter');
  await expect(quiz.getByRole('status')).toContainText('Correct: 5120');
  await expect(quiz.getByLabel('Your progress')).toContainText('Flatten size: 1/2 right, streak 1');
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
  await h.screenshot('quiz-solution');
  // Progress survives a reload (localStorage).
  await page.reload();
  await expect(h.root.locator('conv-quiz').getByLabel('Your progress')).toContainText(
    'Flatten size: 1/2 right',
  );
});

test('an author-fixed quiz from attributes; its events reach the host page', async ({ page }) => {
  await h.goto();
  const quiz = await addQuiz(page, {
    model: 'nn.Conv2d(3, 20, 5, padding=2)',
    input: '1x3x16x16',
    ask: 'shape:0',
    'storage-key': '',
  });
  await expect(quiz.locator('.prompt')).toContainText(
    'What is the output shape of layer 0 (nn.Conv2d(3, 20, kernel_size=5, padding=2))',
  );
  await expect(quiz.getByLabel('Question')).toHaveCount(0); // no kind picker when fixed
  await quiz.locator('#answer').fill('20x14x14');
  await quiz.locator('#answer').press('Enter');
  await expect(quiz.getByRole('status')).toContainText('You counted the padding once');
  await quiz.locator('#answer').fill('(20, 16, 16)');
  await quiz.locator('#answer').press('Enter');
  await expect(quiz.getByRole('status')).toContainText('Correct: 20x16x16');
  const answers = await page.evaluate(
    () =>
      (
        window as unknown as {
          answers: {
            answer: string;
            correct: boolean;
            misconception?: string;
            question: { ask: string };
          }[];
        }
      ).answers,
  );
  expect(
    answers.map((a) => [a.answer, a.correct, a.misconception ?? null, a.question.ask]),
  ).toEqual([
    ['20x14x14', false, 'padding-once', 'shape:0'],
    ['(20, 16, 16)', true, null, 'shape:0'],
  ]);
  // An unreadable answer is explained and not counted.
  await quiz.locator('#answer').fill('sixteen');
  await quiz.locator('#answer').press('Enter');
  await expect(quiz.getByRole('status')).toContainText("'sixteen' is not a whole number");
});

test('a JSON list of questions; a bad list gets a message', async ({ page }) => {
  await h.goto();
  const quiz = await addQuiz(page, {
    questions: JSON.stringify([
      { model: 'nn.MaxPool2d(2)', inputShape: [1, 1, 8, 8], ask: 'shape:0' },
      { kind: 'params', seed: 4, level: 2 },
    ]),
    'storage-key': '',
  });
  await expect(quiz.locator('pre')).toContainText('nn.MaxPool2d(kernel_size=2)');
  await quiz.locator('#answer').fill('1x7x7');
  await quiz.locator('#answer').press('Enter');
  await expect(quiz.getByRole('status')).toContainText('defaults to kernel_size');
  await quiz.getByRole('button', { name: 'New question' }).click();
  await expect(quiz.locator('.prompt')).toContainText('How many learnable parameters does layer');
  await page.evaluate(() =>
    document.querySelector('body > conv-quiz')?.setAttribute('questions', '[{oops'),
  );
  await expect(quiz.getByRole('alert')).toContainText('questions is not valid JSON');
});

test('keyboard only: answer, hint and solution', async ({ page }) => {
  await h.goto();
  const quiz = await addQuiz(page, {
    kind: 'same-padding',
    level: '1',
    seed: '5',
    'storage-key': '',
  });
  await quiz.getByLabel('Question').focus();
  await page.keyboard.press('Tab'); // level
  await page.keyboard.press('Tab'); // answer
  await expect(quiz.locator('#answer')).toBeFocused();
  await page.keyboard.type('999');
  await page.keyboard.press('Enter');
  await expect(quiz.getByRole('status')).toContainText('Not quite');
  await quiz.getByRole('button', { name: 'Show a hint' }).focus();
  await page.keyboard.press('Enter');
  await expect(quiz).toContainText('2·padding = dilation·(kernel − 1)');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(quiz.getByRole('region', { name: 'Worked solution' })).toContainText('so p =');
});

test("a quiz on the learner's class code shows the code with ? and never the answer", async ({
  page,
}) => {
  await h.goto();
  const code = [
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    '',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.conv1 = nn.Conv2d(3, 6, 5)',
    '        self.pool = nn.MaxPool2d(2, 2)',
    '        self.fc1 = nn.Linear(6 * 14 * 14, 10)',
    '',
    '    def forward(self, x):',
    '        x = self.pool(F.relu(self.conv1(x)))',
    '        x = x.view(-1, 6 * 14 * 14)',
    '        return self.fc1(x)',
  ].join('\n');
  const quiz = await addQuiz(page, { model: code, input: '1x3x32x32', ask: 'in-features:fc1' });
  await expect(quiz.locator('.prompt')).toContainText('What number must replace the ? on line 9');
  await expect(quiz.locator('pre')).toContainText('self.fc1 = nn.Linear(?, 10)');
  await expect(quiz.locator('pre')).not.toContainText('6 * 14 * 14, 10');
  // The real code (which holds the answer) opens only once answered.
  await expect(quiz.getByRole('button', { name: 'Open in the playground' })).toHaveCount(0);
  await quiz.locator('#answer').fill('1176');
  await quiz.getByRole('button', { name: 'Check' }).click();
  await expect(quiz.getByRole('status')).toContainText('Correct: 1176');
  await expect(quiz.getByRole('button', { name: 'Open in the playground' })).toHaveCount(1);
});
