/**
 * Colour contrast as WCAG 2.2 measures it (relative luminance, contrast ratio), for a workspace's
 * accent colour: it must carry white button text and read as a link on white, and its dark-mode twin
 * (lightened until it reads on the dark background) is derived, not asked for.
 * https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio
 */

/** WCAG 2.2 AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;
/** The pages' dark-mode background (kernel/html.ts `--bg`). */
export const DARK_BACKGROUND = '#0d1117';

type Rgb = [number, number, number];

export function parseHex(hex: string): Rgb | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match?.[1]) return null;
  const value = Number.parseInt(match[1], 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

const toHex = (rgb: Rgb) => `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;

export function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** From 1 (the same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [parseHex(a), parseHex(b)];
  if (!x || !y) return 1;
  const [light, dark] = [luminance(x), luminance(y)].sort((p, q) => q - p) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The accent for dark mode: the same hue mixed with white, in small steps, until it reads on the dark
 * background. Any colour gets there (white itself reads), so it never fails.
 */
export function darkModeAccent(hex: string): string {
  const rgb = parseHex(hex);
  if (!rgb) return hex;
  for (let mix = 0; mix <= 1; mix += 0.05) {
    const candidate = toHex(rgb.map((channel) => channel + (255 - channel) * mix) as Rgb);
    if (contrastRatio(candidate, DARK_BACKGROUND) >= MIN_TEXT_CONTRAST) return candidate;
  }
  return '#ffffff';
}

/** The page background in light mode; the accent carries white text and is a link colour on it. */
export const LIGHT_BACKGROUND = '#ffffff';

export interface AccentCheck {
  /** The accent's contrast with white: the same number for white text on it and for it as a link on white. */
  ratio: number;
  readable: boolean;
}

/** Whether an accent reads with white text on it and as a link on the white page (WCAG AA, 4.5:1). */
export function checkAccent(hex: string): AccentCheck {
  const ratio = contrastRatio(hex, LIGHT_BACKGROUND);
  return { ratio: Math.floor(ratio * 100) / 100, readable: parseHex(hex) !== null && ratio >= MIN_TEXT_CONTRAST };
}
