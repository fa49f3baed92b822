import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { LayerCatalogue } from '../engine/layer-catalogue';
import type { Grade, Question, QuizKindInfo, QuizRequest, WorkerEngine } from '../engine/types';
import { createWorkerEngine } from '../engine/worker-engine';
import { emit } from '../events/emit';
import { texToMathml } from '../render/math';
import { readProgress, recordAnswer, writeProgress, type Progress } from '../state/quiz-progress';
import { formatTuple, parseShape, shapeToken } from '../render/format';
import { styles } from './conv-quiz.styles';

/**
 * Checked exercises from the engine: a question about a stack, a free
 * numeric or shape answer, a diagnosis of a wrong answer (which
 * misconception gives it), a hint, then the worked solution with the
 * formulas. Authors can fix the quiz with attributes (`model`, `input`,
 * `ask`, or `kind`, `level`, `seed`) or a JSON list in `questions`.
 *
 * @fires conv-quiz-answer - an answer was checked (QuizAnswerDetail)
 * @fires conv-quiz-open - the learner asked to open the question's stack in the playground
 */
export class ConvQuiz extends LitElement {
  static properties = {
    engine: { attribute: false },
    kind: { type: String },
    level: { type: Number },
    seed: { type: Number },
    model: { type: String },
    input: { type: String },
    ask: { type: String },
    questions: { type: String },
    storageKey: { type: String, attribute: 'storage-key' },
    question: { state: true },
    grade: { state: true },
    stage: { state: true },
    message: { state: true },
    progress: { state: true },
    formulas: { state: true },
    exploring: { state: true },
    kinds: { state: true },
  };

  engine?: WorkerEngine;
  kind = 'flatten';
  level = 1;
  /** The first question's seed (later ones count up); -1 picks one at random. */
  seed = 0;
  /** Author-fixed: the stack, its input shape ("1x3x32x32") and what to ask ("shape:2"). */
  model = '';
  input = '';
  ask = '';
  /** Author-fixed: a JSON list of requests ({ kind, seed, level } or { model, inputShape, ask }). */
  questions = '';
  /** localStorage key of the progress; '' keeps it in the page only. */
  storageKey = 'convplay-quiz-progress';
  private question?: Question;
  private grade?: Grade;
  private stage: 'answering' | 'graded' | 'hint' | 'solution' = 'answering';
  private message = '';
  private progress: Progress = {};
  private formulas: string[] = [];
  private exploring = -1;
  /** The layers of the question that have a sliding window to explore. */
  private windowLayers = new Set<number>();
  /** The engine's layer kinds (which have a window). */
  private catalogue?: LayerCatalogue;
  /** The engine's quiz kinds, with their titles. */
  private kinds: QuizKindInfo[] = [];
  private index = 0;
  private ownsEngine = false;

  static styles = styles;

  connectedCallback(): void {
    super.connectedCallback();
    this.progress = readProgress(this.storage, this.storageKey);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.ownsEngine) {
      this.engine?.terminate();
      this.engine = undefined;
      this.ownsEngine = false;
    }
  }

  private get storage(): Storage | undefined {
    try {
      return this.storageKey ? window.localStorage : undefined;
    } catch {
      return undefined;
    }
  }

  protected willUpdate(changed: PropertyValues): void {
    const inputs = ['engine', 'kind', 'level', 'seed', 'model', 'input', 'ask', 'questions'];
    if (changed.has('engine')) {
      this.catalogue = undefined;
      this.kinds = [];
    }
    if (inputs.some((k) => changed.has(k))) {
      this.index = 0;
      void this.load();
    }
  }

  /** The requests an author fixed, or undefined for generated questions. */
  private fixed(): QuizRequest[] | string | undefined {
    if (this.questions) {
      try {
        const list = JSON.parse(this.questions) as unknown;
        if (!Array.isArray(list) || !list.length || list.length > 200)
          return 'questions must be a JSON list of 1 to 200 requests';
        return list as QuizRequest[];
      } catch {
        return 'questions is not valid JSON';
      }
    }
    if (this.model) {
      const shape = parseShape(this.input || '1, 3, 32, 32');
      if (typeof shape === 'string') return shape;
      return [{ model: this.model, inputShape: shape, ask: this.ask || 'flatten' }];
    }
    return undefined;
  }

  private request(): QuizRequest | string {
    const fixed = this.fixed();
    if (typeof fixed === 'string') return fixed;
    if (fixed) return fixed[this.index % fixed.length];
    const seed = this.seed < 0 ? Math.floor(Math.random() * 1e9) : this.seed + this.index;
    return { kind: this.kind, level: this.level, seed };
  }

  /** Shows the next question (generated ones count the seed up). */
  async next() {
    this.index++;
    await this.load();
  }

  private async load() {
    this.message = '';
    this.grade = undefined;
    this.stage = 'answering';
    this.formulas = [];
    this.exploring = -1;
    const req = this.request();
    if (typeof req === 'string') {
      this.message = req;
      this.question = undefined;
      return;
    }
    try {
      if (!this.engine) {
        this.engine = await createWorkerEngine();
        this.ownsEngine = true;
      }
      if (!this.kinds.length) this.kinds = await this.engine.quizKinds();
      const question = await this.engine.quiz(req);
      this.windowLayers = await this.windowLayersOf(question, this.engine);
      this.question = question;
    } catch (error) {
      this.question = undefined;
      this.message = (error as Error).message;
    }
  }

  private async check(e?: Event) {
    e?.preventDefault();
    const q = this.question;
    const input = this.renderRoot.querySelector<HTMLInputElement>('#answer');
    if (!q || !input || !this.engine) return;
    const answer = input.value;
    const grade = await this.engine.grade(q, answer);
    this.grade = grade;
    if (grade.problem) return; // unreadable: not counted
    this.stage = grade.correct ? 'solution' : 'graded';
    this.progress = recordAnswer(this.progress, q.kind, grade.correct);
    writeProgress(this.storage, this.storageKey, this.progress);
    if (grade.correct) void this.renderFormulas();
    emit(this, 'conv-quiz-answer', {
      question: q,
      answer,
      correct: grade.correct,
      misconception: grade.misconception?.id,
    });
  }

  private async renderFormulas() {
    const steps = this.question?.steps ?? [];
    this.formulas = await Promise.all(steps.map((s) => texToMathml(s.formula)));
  }

  private reveal() {
    this.stage = 'solution';
    void this.renderFormulas();
  }

  render() {
    const q = this.question;
    const fixed = this.fixed() !== undefined;
    return html`
      ${fixed ? nothing : this.renderPicker()}
      ${this.message ? html`<div class="error" role="alert">${this.message}</div>` : nothing}
      ${q ? this.renderQuestion(q) : this.message ? nothing : html`<p>Loading a question…</p>`}
      ${this.renderProgress()}
    `;
  }

  private renderPicker() {
    return html`<div class="row">
      <label
        >Question
        <select @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value)}>
          ${this.kinds.map((k) => html`<option value=${k.kind} ?selected=${k.kind === this.kind}>${k.title}</option>`)}
        </select>
      </label>
      <label
        >Level
        <select
          @change=${(e: Event) => (this.level = Number((e.target as HTMLSelectElement).value))}
        >
          ${[1, 2, 3].map((l) => html`<option value=${l} ?selected=${l === this.level}>${l === 1 ? '1 (one layer)' : l === 2 ? '2 (two or three)' : '3 (four to seven)'}</option>`)}
        </select>
      </label>
    </div>`;
  }

  private renderQuestion(q: Question) {
    const g = this.grade;
    return html`
      ${
        q.code
          ? html`<pre
              aria-label="The model's code (the asked number is written ?)"
            ><code>${q.code}</code></pre>`
          : html`<pre aria-label="The stack"><code>${q.model}</code></pre>`
      }
      <p>
        Input shape:
        <code>${formatTuple(q.inputShape)}</code>${q.inputShape.length === 3 ? ' — unbatched' : ''}
      </p>
      <p class="prompt" id="prompt">${q.prompt}</p>
      <form class="row answer" @submit=${this.check}>
        <label for="answer">Your answer</label>
        <input
          id="answer"
          autocomplete="off"
          spellcheck="false"
          aria-describedby="prompt"
          placeholder=${q.answer.includes('x') ? 'e.g. 20x16x16' : 'e.g. 5120'}
        />
        <button class="primary" type="submit">Check</button>
        <button type="button" @click=${() => this.next()}>New question</button>
        ${
          // Class code carries the answer: it opens once the question is answered.
          !q.code || g?.correct || this.stage === 'solution'
            ? html`<button
                type="button"
                @click=${() => emit(this, 'conv-quiz-open', { model: q.model, inputShape: q.inputShape })}
              >
                Open in the playground
              </button>`
            : nothing
        }
      </form>
      <div role="status" aria-live="polite">${g ? this.renderGrade(g) : nothing}</div>
      ${this.stage === 'graded' ? html`<button @click=${() => (this.stage = 'hint')}>Show a hint</button> <button @click=${this.reveal}>Show the solution</button>` : nothing}
      ${
        this.stage === 'hint'
          ? html`<p><strong>Hint:</strong> ${q.hint}</p>
              <button @click=${this.reveal}>Show the solution</button>`
          : nothing
      }
      ${this.stage === 'solution' ? this.renderSolution(q) : nothing}
    `;
  }

  private renderGrade(g: Grade) {
    if (g.problem) return html`<div class="error">${g.problem}</div>`;
    if (g.correct) return html`<div class="right"><strong>Correct:</strong> ${g.expected}.</div>`;
    return html`<div class="error">
      <strong>Not quite:</strong> you answered ${g.given}.
      ${g.misconception ? html`<div>${g.misconception.message}</div>` : html`<div>Try again, or ask for a hint.</div>`}
    </div>`;
  }

  private renderSolution(q: Question) {
    return html`<section aria-label="Worked solution">
      <h3>Worked solution</h3>
      <ol class="steps">
        ${q.steps.map((s, i) => {
          const explorable = this.windowLayers.has(s.layer);
          return html`<li>
            ${s.text}
            <span class="formula" tabindex="0" role="group" aria-label=${`Formula of step ${i + 1}`}
              >${this.formulas[i] ? unsafeHTML(this.formulas[i]) : nothing}</span
            >
            ${explorable ? html`<button @click=${() => (this.exploring = this.exploring === s.layer ? -1 : s.layer)} aria-expanded=${this.exploring === s.layer ? 'true' : 'false'}>Explore layer ${s.layer}'s window</button>` : nothing}
            ${this.exploring === s.layer ? html`<conv-window-explorer .model=${q.model} .input=${shapeToken(q.inputShape)} .layer=${s.layer}></conv-window-explorer>` : nothing}
          </li>`;
        })}
      </ol>
      <p>Answer: <strong>${q.answer}</strong></p>
    </section>`;
  }

  /** Which layers of the question's stack have a window (the engine parses it; the catalogue knows the kinds). */
  private async windowLayersOf(q: Question, engine: WorkerEngine): Promise<Set<number>> {
    this.catalogue ??= new LayerCatalogue(await engine.layers());
    const catalogue = this.catalogue;
    const parsed = await engine.parse(q.model);
    return new Set(parsed.layers.flatMap((l, i) => (catalogue.windowOp(l.kind) ? [i] : [])));
  }

  private renderProgress() {
    const entries = Object.entries(this.progress);
    if (!entries.length) return nothing;
    return html`<p class="progress" aria-label="Your progress">
      ${entries.map(([kind, p]) => html`<span>${this.kinds.find((k) => k.kind === kind)?.title ?? kind}: ${p.correct}/${p.answered} right, streak ${p.streak}. </span>`)}
    </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-quiz': ConvQuiz;
  }
}
