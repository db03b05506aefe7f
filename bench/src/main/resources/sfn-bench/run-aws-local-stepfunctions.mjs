// Runs one state machine definition N times with at most C executions in flight on the npm package
// aws-local-stepfunctions, every Task answered by a local handler that returns its input, and prints
// {"executions": N, "seconds": S} for the measured round (after a warm-up round).
if (!Promise.withResolvers) {
  // The package uses Promise.withResolvers (Node.js 22+); this polyfill lets it run on Node.js 20.
  Promise.withResolvers = function () {
    let resolve;
    let reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
const { StateMachine } = await import('aws-local-stepfunctions');
const definition = JSON.parse(process.argv[2]);
const input = JSON.parse(process.argv[3]);
const executions = Number(process.argv[4]);
const concurrency = Number(process.argv[5]);
const handlers = {};
for (const [name, state] of Object.entries(definition.States)) {
  if (state.Type === 'Task') {
    handlers[name] = async (payload) => payload;
  }
}
const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });

async function round(count) {
  let started = 0;
  const lane = async () => {
    while (started < count) {
      started++;
      await machine.run(input, { overrides: { taskResourceLocalHandlers: handlers } }).result;
    }
  };
  const begin = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return Number(process.hrtime.bigint() - begin) / 1e9;
}

await round(Math.max(500, Math.floor(executions / 4)));
const seconds = await round(executions);
console.log(JSON.stringify({ executions, seconds }));
