// Output helpers: tables, sizes, a progress bar on terminals, prompts.
import readline from 'node:readline';

export function table(rows, columns) {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (values) => values.map((v, i) => String(v ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => r[c])))].join('\n');
}

export function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A one-line bar on `stream` when it is a terminal; a no-op otherwise. */
export function progress(stream, label) {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = -1;
  return {
    update(current, total) {
      const ratio = total > 0 ? Math.min(1, current / total) : 1;
      const percent = Math.floor(ratio * 100);
      if (percent === last) return;
      last = percent;
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}%`);
    },
    done() {
      if (last >= 0) stream.write('\n');
    },
  };
}

/** Asks on the terminal; `hidden` does not echo what is typed. */
export function prompt(io, question, { hidden = false } = {}) {
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    if (hidden) {
      rl._writeToOutput = (text) => {
        if (text.includes(question)) io.stderr.write(text);
      };
    }
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) io.stderr.write('\n');
      resolve(answer);
    });
    rl.on('SIGINT', () => {
      rl.close();
      reject(new Error('cancelled'));
    });
  });
}

/** All of standard input as text. */
export async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
