import { LitElement, html } from 'lit';
import { emit } from '../events/emit';
import { styles } from './conv-drawing-pad.styles';

const SIZE = 256;

/**
 * A square canvas to draw an input on: white ink on black, with a mouse,
 * pen or finger; or with the keyboard (arrow keys move the pen, Space puts it
 * down or lifts it).
 *
 * @fires conv-drawing-change - the drawing changed
 */
export class ConvDrawingPad extends LitElement {
  static properties = { brush: { state: true }, status: { state: true } };

  private brush = 18;
  private status = 'Pen up at 128, 128';
  private last?: { x: number; y: number };
  private pen = { x: SIZE / 2, y: SIZE / 2, down: false };

  static styles = styles;

  /** The drawing, for the input. */
  get canvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas');
  }

  protected firstUpdated(): void {
    this.clear(false);
  }

  clear(notify = true) {
    const ctx = this.canvas?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, SIZE, SIZE);
    if (notify) this.changed();
  }

  private changed() {
    emit(this, 'conv-drawing-change', null);
  }

  private line(from: { x: number; y: number }, to: { x: number; y: number }) {
    const ctx = this.canvas?.getContext('2d');
    if (!ctx) return;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = this.brush;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    this.changed();
  }

  private at(e: PointerEvent) {
    const r = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    return {
      x: ((e.clientX - r.left) / r.width) * SIZE,
      y: ((e.clientY - r.top) / r.height) * SIZE,
    };
  }

  private down(e: PointerEvent) {
    (e.currentTarget as HTMLCanvasElement).setPointerCapture(e.pointerId);
    this.last = this.at(e);
    this.line(this.last, this.last);
  }

  private move(e: PointerEvent) {
    if (!this.last) return;
    const p = this.at(e);
    this.line(this.last, p);
    this.last = p;
  }

  private key(e: KeyboardEvent) {
    const step = e.shiftKey ? 32 : 8;
    const from = { x: this.pen.x, y: this.pen.y };
    if (e.key === ' ') this.pen.down = !this.pen.down;
    else if (e.key === 'ArrowLeft') this.pen.x = Math.max(0, this.pen.x - step);
    else if (e.key === 'ArrowRight') this.pen.x = Math.min(SIZE, this.pen.x + step);
    else if (e.key === 'ArrowUp') this.pen.y = Math.max(0, this.pen.y - step);
    else if (e.key === 'ArrowDown') this.pen.y = Math.min(SIZE, this.pen.y + step);
    else return;
    e.preventDefault();
    if (this.pen.down) this.line(from, this.pen);
    this.status = `Pen ${this.pen.down ? 'down' : 'up'} at ${Math.round(this.pen.x)}, ${Math.round(this.pen.y)}`;
  }

  render() {
    return html`<canvas
        width=${SIZE}
        height=${SIZE}
        tabindex="0"
        role="img"
        aria-label="Drawing pad. Arrow keys move the pen (Shift: faster), Space puts it down or lifts it."
        @pointerdown=${this.down}
        @pointermove=${this.move}
        @pointerup=${() => (this.last = undefined)}
        @pointercancel=${() => (this.last = undefined)}
        @keydown=${this.key}
      ></canvas>
      <div class="row">
        <span aria-live="polite">${this.status}</span>
        <label
          >Brush
          <input
            type="range"
            min="2"
            max="48"
            .value=${String(this.brush)}
            @input=${(e: Event) => (this.brush = Number((e.target as HTMLInputElement).value))}
        /></label>
        <button @click=${() => this.clear()}>Clear</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-drawing-pad': ConvDrawingPad;
  }
}
