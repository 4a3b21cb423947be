import os from "node:os";

export function header(title: string, params: Record<string, unknown>): void {
  process.stdout.write(
    `\n# ${title}\nmachine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}\n` +
      `params: ${JSON.stringify(params)}\n\n`,
  );
}

export function row(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(48)} ${value}\n`);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
