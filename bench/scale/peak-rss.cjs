// Preloaded into the measured CLI process (node --require): prints its peak resident set size on exit.
process.on("exit", () => {
  process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
