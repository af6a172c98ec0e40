// Runs on the schedule in package.json (six fields: seconds first; five-field cron and @daily work too).
export async function handlerSchedule({ name, scheduledAt }) {
  const runs = Number((await globalThis.jobber.getStore('runs')) ?? 0) + 1;
  await globalThis.jobber.setStore('runs', String(runs));
  await globalThis.jobber.setStore('lastRun', scheduledAt.toISOString());
  console.log(`${name}: run ${runs}, scheduled at ${scheduledAt.toISOString()}`);
}
