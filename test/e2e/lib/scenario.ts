// Wraps a scenario's body: on failure, a screenshot named after it (artifacts/<name>-FAILED.png)
// and the webviews' texts go to the log before the error is rethrown.
import type { Harness } from "./harness";
import { describeWebviews, screenshot } from "./workbench";

export async function runScenario(h: Harness, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    const shot = await screenshot(h.page, `${name}-FAILED`);
    console.error(`[e2e] ${name} failed; screenshot ${shot}; webviews:\n${await describeWebviews(h.page)}`);
    throw err;
  }
}
