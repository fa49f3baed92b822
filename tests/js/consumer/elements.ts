// A page's script, type-checked against dist/convplay-elements.d.ts in CI.
import { ConvQuiz, defineElements, type QuizAnswerDetail } from 'convplay/elements';

export function setUp(): void {
  defineElements();
  const playground = document.createElement('conv-playground');
  playground.model = 'nn.Conv2d(1, 4, 3)';
  playground.hide = 'quiz';
  const quiz: ConvQuiz = document.createElement('conv-quiz');
  quiz.kind = 'flatten';
  quiz.addEventListener('conv-quiz-answer', (e) => {
    const detail: QuizAnswerDetail = e.detail;
    console.log(detail.correct, detail.misconception ?? 'none');
  });
  void playground.whenIdle();
}
