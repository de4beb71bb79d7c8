// Structured one-line JSON logs on stdout/stderr; the level comes from LOG_LEVEL. child(fields) gives a
// logger whose every line carries those fields (a request id, a connection id), so one request's or one
// socket's lines can be found together.
const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof levels;
type Fields = Record<string, unknown>;

export type Logger = {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** A logger adding `fields` to every line (a line's own fields win on a clash). */
  child(fields: Fields): Logger;
};

export function createLogger(level: LogLevel, context: Fields = {}): Logger {
  return new JsonLogger(level, context);
}

// A class, not an object of closures: every sync socket has a child logger, and five closures each (plus
// the name tsx gives each arrow, a property dictionary of ~250 bytes) cost ~1 KB per idle socket.
// A child is one small object; the methods live on the prototype.
class JsonLogger implements Logger {
  constructor(
    private readonly level: LogLevel,
    private readonly context: Fields,
  ) {}

  debug(msg: string, fields?: Fields): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: Fields): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: Fields): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: Fields): void {
    this.write('error', msg, fields);
  }
  child(fields: Fields): Logger {
    return new JsonLogger(this.level, { ...this.context, ...fields });
  }

  private write(at: Exclude<LogLevel, 'silent'>, msg: string, fields: Fields | undefined): void {
    if (levels[at] < levels[this.level]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...this.context, ...fields });
    (at === 'error' || at === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  }
}
