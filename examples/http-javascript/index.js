// Second-generation handler: counts visits in the job's store, safely under concurrent requests.
export async function handlerHttp({ request, response }) {
  const who = request.query('name') ?? 'anonymous';
  let visits;
  for (;;) {
    const current = await globalThis.jobber.getStore('visits');
    visits = Number(current ?? 0) + 1;
    if (await globalThis.jobber.compareAndSetStore('visits', current, String(visits))) break;
  }
  console.log(`visit ${visits} by ${who}`);
  response.json({ visits, who });
}
