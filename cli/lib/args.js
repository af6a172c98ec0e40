// Command-line parsing: `--name value`, `--name=value`, `-f`, grouped short flags, `--` ends the options.

export class UsageError extends Error {}

/**
 * Parses `argv` against `options` ({name: {type: 'boolean'|'string', short?}}); answers {options, positionals}.
 * Unknown options and missing values throw UsageError.
 */
export function parseArgs(argv, options) {
  const values = {};
  const positionals = [];
  const byShort = Object.fromEntries(Object.entries(options).filter(([, o]) => o.short).map(([n, o]) => [o.short, n]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const option = options[name];
      if (!option) throw new UsageError(`unknown option --${name}`);
      if (option.type === 'boolean') {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        values[name] = true;
      } else if (eq >= 0) {
        values[name] = arg.slice(eq + 1);
      } else {
        if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
        values[name] = argv[++i];
      }
    } else if (arg.startsWith('-') && arg.length > 1) {
      const letters = arg.slice(1);
      for (let j = 0; j < letters.length; j++) {
        const name = byShort[letters[j]];
        if (!name) throw new UsageError(`unknown option -${letters[j]}`);
        if (options[name].type === 'boolean') {
          values[name] = true;
        } else {
          const rest = letters.slice(j + 1);
          if (rest) values[name] = rest;
          else if (i + 1 < argv.length) values[name] = argv[++i];
          else throw new UsageError(`-${letters[j]} needs a value`);
          break;
        }
      }
    } else {
      positionals.push(arg);
    }
  }
  return { options: values, positionals };
}

/** Splits `NAME=VALUE` at its first `=`. */
export function parseAssignment(text) {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`expected NAME=VALUE, got "${text}"`);
  return { name: text.slice(0, eq), value: text.slice(eq + 1) };
}
