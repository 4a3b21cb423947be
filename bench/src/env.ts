// Benchmark settings from the environment.

/** A number from the environment variable `name`, or `fallback` when it is not set. */
export const envNumber = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
