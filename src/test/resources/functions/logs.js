// A first-generation function that prints for the log tests.
const tick = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports.handler = async (request, response) => {
  const tag = request.query('tag') ?? 'x';
  switch (request.path()) {
    case '/logs/interleave': {
      // ?until=<url>: after line 2, waits until that URL answers "true" (the test's gate).
      const gate = request.query('until');
      for (let i = 0; i < 5; i++) {
        console.log(`${tag} line ${i}`);
        await tick(15);
        if (i === 2 && gate) {
          while ((await (await fetch(gate)).text()) !== 'true') await tick(50);
        }
      }
      process.stdout.write(`${tag} split `);
      await tick(15);
      process.stdout.write('across writes\n\n');
      console.error(`${tag} on stderr`);
      setTimeout(() => console.log(`${tag} after the response`), 50);
      return response.text('done');
    }
    case '/logs/print':
      console.log(request.query('text'));
      return response.text('printed');
    case '/logs/flood':
      for (let i = 0; i < 20000; i++) console.log(`flood ${i} ${'x'.repeat(200)}`);
      return response.text('flooded');
    case '/logs/burst': {
      const n = Number(request.query('n') ?? '10000');
      const padding = 'y'.repeat(Number(request.query('width') ?? '100'));
      for (let i = 0; i < n; i++) {
        console.log(`burst ${i} ${padding}`);
        if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
      }
      return response.text('burst');
    }
    case '/logs/million': {
      // Flat out, without yielding: stdout every line, stderr every thousandth.
      const n = Number(request.query('n') ?? '1000000');
      for (let i = 0; i < n; i++) {
        console.log(`million ${i}`);
        if (i % 1000 === 0) console.error(`million err ${i}`);
      }
      return response.text('printed');
    }
    case '/logs/every-second': {
      const n = Number(request.query('n') ?? '5');
      for (let i = 0; i < n; i++) {
        if (i > 0) await tick(1000);
        console.log(`${tag} tick ${i} at ${Date.now()}`);
      }
      return response.text('ticked');
    }
    default:
      return response.text('default');
  }
};
