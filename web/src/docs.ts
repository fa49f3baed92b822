// The docs page: register the elements and list the quiz's answers, as a
// host page forwarding them to an LMS would.
import { defineElements } from './define';
import type { QuizAnswerDetail } from './events/event-map';

/** Lists every answer the page's quizzes report in `log`. */
function listAnswers(log: HTMLElement) {
  const lines: string[] = [];
  document.addEventListener('conv-quiz-answer', (e) => {
    const { answer, correct, misconception } = (e as CustomEvent<QuizAnswerDetail>).detail;
    lines.push(
      `“${answer}”: ${correct ? 'correct' : `wrong${misconception ? ` (${misconception})` : ''}`}`,
    );
    log.textContent = `Answers: ${lines.join('; ')}`;
  });
}

defineElements();
const log = document.querySelector<HTMLElement>('[data-quiz-log]');
if (log) listAnswers(log);
