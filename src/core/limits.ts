// Size limits shared by every way an answer arrives: a file, a folder entry, an endpoint.

/** The most bytes (UTF-8) one answer may have, from a file or an endpoint; configurable per run. */
export const DEFAULT_MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/** "2 MiB", "512 KiB", "1500 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** The words every over-the-limit message uses, so files and endpoints report the same way. */
export function overAnswerLimit(size: string, limit: number): string {
  return `${size}, over the answer size limit of ${formatBytes(limit)} (--max-answer-bytes)`;
}
