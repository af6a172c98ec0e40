// Triggers as people read them (SPEC §2): where an HTTP trigger answers on the gateway, an MQTT trigger's broker
// and a status's badge tone. Pure functions, tested in test/triggers.test.js.

/** The gateway's base URL: the configured public URL, else this page's host on the gateway port (default 3001). */
export function gatewayBase(config, loc = globalThis.location) {
  if (config?.gatewayUrl) return String(config.gatewayUrl).replace(/\/+$/, '');
  return `${loc.protocol}//${loc.hostname}:${config?.gatewayPort || 3001}`;
}

/**
 * An HTTP trigger's route: {method ('ANY' when absent), path (null: any path), regex (a path starting with ^ is a
 * regular expression), hostname, url (where a browser reaches a literal path, else null)}.
 */
export function httpRoute(context, base) {
  const path = context?.path ?? null;
  const regex = typeof path === 'string' && path.startsWith('^');
  const hostname = context?.hostname ?? null;
  let url = null;
  if (!regex) {
    const origin = hostname ? `${new URL(base).protocol}//${hostname}` : base;
    url = origin + encodePath(path ?? '/');
  }
  return { method: context?.method ? String(context.method).toUpperCase() : 'ANY', path, regex, hostname, url };
}

// The gateway compares the percent-decoded path, so every character that is not plainly a path character is encoded.
const encodePath = (path) => encodeURI(path.startsWith('/') ? path : '/' + path).replace(/\?/g, '%3F').replace(/#/g, '%23');

const DEFAULT_PORTS = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 };

/** An MQTT trigger's broker as text; a field taken from an environment variable shows as $NAME; never the password. */
export function mqttBroker(connection = {}) {
  const value = (field) => {
    if (connection[field] != null && connection[field] !== '') return String(connection[field]);
    if (connection[`${field}Variable`]) return `$${connection[`${field}Variable`]}`;
    return null;
  };
  const protocol = value('protocol') || 'mqtt';
  const port = value('port') || DEFAULT_PORTS[protocol] || '';
  const user = value('username');
  return `${protocol}://${user ? user + '@' : ''}${value('host') || '?'}${port ? ':' + port : ''}`;
}

/** The badge tone of a trigger status. */
export function triggerTone(status) {
  return status === 'healthy' ? 'ok' : status === 'unhealthy' ? 'bad' : 'muted';
}
