// Preloaded into a `lab-console serve` under test (NODE_OPTIONS=--import=…): SIGUSR2 makes the
// process throw an exception nothing catches, standing for a bug in any part of the app.
process.on('SIGUSR2', () => {
  throw new Error('injected fault: an exception nothing catches');
});
