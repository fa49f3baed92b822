// The built-in input images, drawn by code at whatever size the input needs
// (vector drawing stays sharp at 28 × 28 and at 256 × 256).
import type { SampleName } from '../state/playground-state';

export const SAMPLE_LABELS: Record<SampleName, string> = {
  'colour-shapes': 'Colour shapes',
  shapes: 'Shapes',
  letters: 'Letters',
  checkerboard: 'Checkerboard',
  gradient: 'Gradients',
  stripes: 'Stripes',
  digit: 'Handwritten 7',
};

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export function drawSample(name: SampleName, ctx: Ctx, w: number, h: number): void {
  ctx.save();
  ctx.clearRect(0, 0, w, h);
  const s = Math.min(w, h);
  switch (name) {
    case 'colour-shapes': {
      const sky = ctx.createLinearGradient(0, 0, 0, h);
      sky.addColorStop(0, '#8ec5ff');
      sky.addColorStop(1, '#f4f1de');
      ctx.fillStyle = sky;
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#e63946';
      ctx.beginPath();
      ctx.arc(w * 0.3, h * 0.35, s * 0.18, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = '#2a9d8f';
      ctx.fillRect(w * 0.55, h * 0.5, w * 0.3, h * 0.3);
      ctx.fillStyle = '#f4a261';
      ctx.beginPath();
      ctx.moveTo(w * 0.15, h * 0.9);
      ctx.lineTo(w * 0.35, h * 0.55);
      ctx.lineTo(w * 0.55, h * 0.9);
      ctx.closePath();
      ctx.fill();
      ctx.strokeStyle = '#264653';
      ctx.lineWidth = Math.max(1, s * 0.03);
      ctx.beginPath();
      ctx.moveTo(w * 0.6, h * 0.1);
      ctx.lineTo(w * 0.9, h * 0.4);
      ctx.stroke();
      break;
    }
    case 'shapes':
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#fff';
      ctx.fillRect(w * 0.1, h * 0.1, w * 0.3, h * 0.3);
      ctx.beginPath();
      ctx.arc(w * 0.7, h * 0.3, s * 0.17, 0, 2 * Math.PI);
      ctx.fill();
      ctx.beginPath();
      ctx.moveTo(w * 0.25, h * 0.55);
      ctx.lineTo(w * 0.45, h * 0.9);
      ctx.lineTo(w * 0.05, h * 0.9);
      ctx.closePath();
      ctx.fill();
      ctx.lineWidth = Math.max(1, s * 0.04);
      ctx.strokeStyle = '#fff';
      ctx.strokeRect(w * 0.58, h * 0.6, w * 0.3, h * 0.28);
      break;
    case 'letters':
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#000';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.font = `bold ${Math.round(h * 0.42)}px sans-serif`;
      ctx.fillText('AB', w / 2, h * 0.3);
      ctx.font = `${Math.round(h * 0.38)}px serif`;
      ctx.fillText('xy', w / 2, h * 0.74);
      break;
    case 'checkerboard': {
      const n = 8;
      for (let y = 0; y < n; y++) {
        for (let x = 0; x < n; x++) {
          ctx.fillStyle = (x + y) % 2 ? '#000' : '#fff';
          ctx.fillRect(
            Math.floor((x * w) / n),
            Math.floor((y * h) / n),
            Math.ceil(w / n),
            Math.ceil(h / n),
          );
        }
      }
      break;
    }
    case 'gradient': {
      const across = ctx.createLinearGradient(0, 0, w, 0);
      across.addColorStop(0, '#000');
      across.addColorStop(1, '#fff');
      ctx.fillStyle = across;
      ctx.fillRect(0, 0, w, h / 2);
      const radial = ctx.createRadialGradient(w / 2, h * 0.75, 0, w / 2, h * 0.75, s / 2);
      radial.addColorStop(0, '#ff0');
      radial.addColorStop(0.5, '#f0f');
      radial.addColorStop(1, '#00f');
      ctx.fillStyle = radial;
      ctx.fillRect(0, h / 2, w, h / 2);
      break;
    }
    case 'stripes': {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      ctx.strokeStyle = '#000';
      ctx.lineWidth = Math.max(1, s / 24);
      for (let i = -h; i < w + h; i += s / 6) {
        ctx.beginPath();
        ctx.moveTo(i, 0);
        ctx.lineTo(i + h / 2, h / 2);
        ctx.stroke();
      }
      for (let x = 0; x < w; x += s / 6) {
        ctx.beginPath();
        ctx.moveTo(x, h / 2);
        ctx.lineTo(x, h);
        ctx.stroke();
      }
      break;
    }
    case 'digit':
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, w, h);
      ctx.strokeStyle = '#fff';
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.lineWidth = Math.max(1, s * 0.11);
      ctx.beginPath();
      ctx.moveTo(w * 0.25, h * 0.22);
      ctx.quadraticCurveTo(w * 0.5, h * 0.18, w * 0.74, h * 0.2);
      ctx.quadraticCurveTo(w * 0.55, h * 0.5, w * 0.45, h * 0.82);
      ctx.moveTo(w * 0.38, h * 0.5);
      ctx.lineTo(w * 0.66, h * 0.5);
      ctx.stroke();
      break;
  }
  ctx.restore();
}
