// The docs page: register the elements and list the quiz's answers, as a
// host page forwarding them to an LMS would.
import { defineElements } from './define';
import type { QuizAnswerDetail } from './events/event-map';

defineElements();
const log = document.querySelector<HTMLElement>('[data-quiz-log]');
const lines: string[] = [];
document.addEventListener('conv-quiz-answer', (e) => {
  const { answer, correct, misconception } = (e as CustomEvent<QuizAnswerDetail>).detail;
  lines.push(
    `“${answer}”: ${correct ? 'correct' : `wrong${misconception ? ` (${misconception})` : ''}`}`,
  );
  if (log) log.textContent = `Answers: ${lines.join('; ')}`;
});
