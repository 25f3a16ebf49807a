/** A one-line progress bar for long CLI work; plain lines when the output is not a terminal. */
import type { WriteStream } from 'node:tty';

export function progressBar(stream: NodeJS.WriteStream | WriteStream, label: string) {
  const interactive = Boolean(stream.isTTY);
  let last = '';
  return {
    update(done: number, total: number) {
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      const width = 30;
      const filled = Math.round(ratio * width);
      const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} (${Math.round(ratio * 100)}%)`;
      if (line === last) return;
      last = line;
      stream.write(interactive ? `\r${line}` : `${line}\n`);
    },
    finish() {
      if (interactive) stream.write('\n');
    },
  };
}
