import { LitElement, html, nothing } from 'lit';
import { SAMPLE_NAMES, isSample, type InputSource } from '../state/playground-state';
import { formatList, formatSizes, parseShape } from '../render/format';
import { SAMPLE_LABELS, drawSample } from '../render/samples';
import { coverDrawer, type DrawInput } from '../render/draw-image';
import type { ConvDrawingPad } from './conv-drawing-pad';
import { emit } from '../events/emit';
import { styles } from './conv-input-picker.styles';

/**
 * Chooses the input: a built-in sample, an uploaded image, the webcam or a
 * drawing, and the input shape (batched or unbatched).
 *
 * @fires conv-input-change - the image changed (with a function that draws it)
 * @fires conv-input-shape - the learner set the input shape
 */
export class ConvInputPicker extends LitElement {
  static properties = {
    source: { type: String },
    inputShape: { attribute: false },
    fps: { type: Number },
    message: { state: true },
    shapeError: { state: true },
    natural: { state: true },
    locked: { type: Boolean },
  };

  source: InputSource = 'colour-shapes';
  inputShape: number[] = [];
  /** Frames per second of the live webcam pipeline (shown while live). */
  fps = 0;
  private message = '';
  private shapeError = '';
  private natural?: { width: number; height: number };
  private stream?: MediaStream;
  /** No changes (an author locked the input). */
  locked = false;

  static styles = styles;

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWebcam();
  }

  private choose(
    source: InputSource,
    draw: DrawInput,
    width: number,
    height: number,
    live = false,
  ) {
    this.message = '';
    this.natural = source === 'upload' || source === 'webcam' ? { width, height } : undefined;
    emit(this, 'conv-input-change', {
      source,
      draw,
      naturalWidth: width,
      naturalHeight: height,
      live,
    });
  }

  private pickSample(name: string) {
    if (!isSample(name)) return;
    this.stopWebcam();
    this.choose(name, (ctx, w, h) => drawSample(name, ctx, w, h), 256, 256);
  }

  private async upload(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const bitmap = await createImageBitmap(file);
      this.stopWebcam();
      this.choose(
        'upload',
        coverDrawer(bitmap, bitmap.width, bitmap.height),
        bitmap.width,
        bitmap.height,
      );
    } catch {
      this.message = `'${file.name}' could not be read as an image (use a PNG, JPEG, GIF or WebP file).`;
    }
  }

  private async startWebcam() {
    if (!navigator.mediaDevices?.getUserMedia) {
      this.message = 'This browser gives no camera access here (it needs https or localhost).';
      return;
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        video: { width: 320, height: 240 },
      });
    } catch (error) {
      this.message = `The webcam could not be started: ${(error as Error).message || String(error)}`;
      return;
    }
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = this.stream;
    await video.play();
    this.choose(
      'webcam',
      coverDrawer(video, video.videoWidth, video.videoHeight),
      video.videoWidth,
      video.videoHeight,
      true,
    );
    this.requestUpdate();
  }

  private stopWebcam() {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
  }

  private toggleWebcam() {
    if (this.stream) {
      this.stopWebcam();
      this.pickSample('colour-shapes');
    } else {
      void this.startWebcam();
    }
  }

  private draw() {
    this.stopWebcam();
    this.source = 'drawing';
    this.updateComplete.then(() => this.emitDrawing());
  }

  private emitDrawing() {
    const pad = this.renderRoot.querySelector<ConvDrawingPad>('conv-drawing-pad');
    const canvas = pad?.canvas;
    if (canvas)
      this.choose(
        'drawing',
        coverDrawer(canvas, canvas.width, canvas.height),
        canvas.width,
        canvas.height,
      );
  }

  /** Shows the shape unless the learner is typing it. */
  protected updated(): void {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#shape');
    if (input && this.shadowRoot?.activeElement !== input)
      input.value = formatList(this.inputShape);
  }

  protected firstUpdated(): void {
    if (this.source === 'drawing') this.updateComplete.then(() => this.emitDrawing());
  }

  private setShape(text: string) {
    const shape = parseShape(text);
    if (typeof shape === 'string') {
      this.shapeError = shape;
      return;
    }
    this.shapeError = '';
    emit(this, 'conv-input-shape', { shape });
  }

  private useImageSize() {
    if (!this.natural) return;
    const longest = Math.max(this.natural.width, this.natural.height);
    const k = Math.min(1, 256 / longest);
    const h = Math.max(1, Math.round(this.natural.height * k));
    const w = Math.max(1, Math.round(this.natural.width * k));
    const s = this.inputShape;
    const shape = s.length >= 3 ? [...s.slice(0, -2), h, w] : [1, 3, h, w];
    emit(this, 'conv-input-shape', { shape });
  }

  render() {
    const live = !!this.stream;
    return html`<fieldset ?disabled=${this.locked}>
      <legend class="sr-only">Input</legend>
      <div class="row">
        <label for="sample">Input image</label>
        <select
          id="sample"
          @change=${(e: Event) => this.pickSample((e.target as HTMLSelectElement).value)}
        >
          ${SAMPLE_NAMES.map((n) => html`<option value=${n} ?selected=${this.source === n}>${SAMPLE_LABELS[n]}</option>`)}
          ${isSample(this.source) ? nothing : html`<option value="" selected disabled>${this.source === 'upload' ? 'Uploaded image' : this.source === 'webcam' ? 'Webcam' : 'Drawing'}</option>`}
        </select>
        <span class="file">
          <input id="upload" type="file" accept="image/*" @change=${this.upload} />
          <label for="upload">Upload image…</label>
        </span>
        <button aria-pressed=${live ? 'true' : 'false'} @click=${this.toggleWebcam}>
          ${live ? 'Stop webcam' : 'Webcam'}
        </button>
        <button aria-pressed=${this.source === 'drawing' ? 'true' : 'false'} @click=${this.draw}>
          Draw
        </button>
        ${live ? html`<span class="fps" role="status">${this.fps.toFixed(0)} fps</span>` : nothing}
      </div>
      ${this.message ? html`<div class="error" role="alert">${this.message}</div>` : nothing}
      ${this.source === 'drawing' ? html`<conv-drawing-pad @conv-drawing-change=${this.emitDrawing}></conv-drawing-pad>` : nothing}
      <div class="row shape">
        <label for="shape">Input shape <small>(N, C, H, W) or (C, H, W)</small></label>
        <input
          id="shape"
          spellcheck="false"
          aria-invalid=${this.shapeError ? 'true' : 'false'}
          @input=${(e: Event) => this.setShape((e.target as HTMLInputElement).value)}
        />
        ${this.natural ? html`<button @click=${this.useImageSize}>Use the image's size (${formatSizes([this.natural.width, this.natural.height])})</button>` : nothing}
      </div>
      ${this.shapeError ? html`<div class="error" role="alert">${this.shapeError}</div>` : nothing}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-input-picker': ConvInputPicker;
  }
}
