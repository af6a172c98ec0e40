// Typed against the runner's declarations (runner-images/runner/index.d.ts); type imports vanish when compiled.
import type { Bootstrap, HttpHandler } from 'jobber-runner';

interface Greeting {
  name: string;
  language?: 'en' | 'de';
}

const greetings: Record<NonNullable<Greeting['language']>, string> = { en: 'Hello', de: 'Hallo' };
let startedAt = '';

export const bootstrap: Bootstrap = () => {
  startedAt = new Date().toISOString();
};

export const handlerHttp: HttpHandler = async ({ request, response }) => {
  let body: Greeting;
  try {
    body = await request.json<Greeting>();
  } catch {
    response.status(400).json({ error: 'send JSON: {"name": "…", "language"?: "en" | "de"}' });
    return;
  }
  if (typeof body.name !== 'string' || body.name.length === 0) {
    response.status(400).json({ error: 'name is required' });
    return;
  }
  response.json({ message: `${greetings[body.language ?? 'en']}, ${body.name}!`, runnerStartedAt: startedAt });
};
