const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface OfficeHours {
  days: Set<number>;
  /** Minutes after midnight, local to the clinic. */
  open: number;
  close: number;
  timeZone: string;
}

/** "mon-fri 08:00-17:00" (or "mon,wed,fri 09:00-13:00") in a time zone; throws on a bad value. */
export function parseOfficeHours(spec: string, timeZone: string): OfficeHours {
  const m =
    /^\s*([a-z]{3})(?:-([a-z]{3}))?((?:,[a-z]{3})*)\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})\s*$/i.exec(
      spec,
    );
  if (!m) throw new Error('use a form like "mon-fri 08:00-17:00"');
  const day = (d: string) => {
    const i = DAYS.indexOf(d.toLowerCase());
    if (i < 0) throw new Error(`unknown day "${d}"`);
    return i;
  };
  const days = new Set<number>();
  const first = day(m[1]);
  if (m[2])
    for (let d = first, last = day(m[2]); ; d = (d + 1) % 7) {
      days.add(d);
      if (d === last) break;
    }
  else days.add(first);
  for (const extra of m[3].split(',').filter(Boolean)) days.add(day(extra));
  new Intl.DateTimeFormat('en-US', { timeZone }).format(); // throws RangeError on a bad zone
  return {
    days,
    open: Number(m[4]) * 60 + Number(m[5]),
    close: Number(m[6]) * 60 + Number(m[7]),
    timeZone,
  };
}

function local(at: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return {
    day: DAYS.indexOf(get('weekday').toLowerCase().slice(0, 3)),
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

export function isOpen(h: OfficeHours, at: Date): boolean {
  const { day, minutes } = local(at, h.timeZone);
  return h.days.has(day) && minutes >= h.open && minutes < h.close;
}

/** When staff are next in, for "we will answer after 8:00 on Monday". */
export function nextOpening(h: OfficeHours, at: Date): { day: number; minutes: number } {
  const { day, minutes } = local(at, h.timeZone);
  for (let i = 0; i < 8; i++) {
    const d = (day + i) % 7;
    if (h.days.has(d) && (i > 0 || minutes < h.open)) return { day: d, minutes: h.open };
  }
  return { day, minutes: h.open };
}

export function describeOpening(o: { day: number; minutes: number }, lang: 'en' | 'es'): string {
  const names =
    lang === 'es'
      ? [
          'el domingo',
          'el lunes',
          'el martes',
          'el miércoles',
          'el jueves',
          'el viernes',
          'el sábado',
        ]
      : ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const hh = String(Math.floor(o.minutes / 60)).padStart(2, '0');
  const mm = String(o.minutes % 60).padStart(2, '0');
  return lang === 'es' ? `${names[o.day]} a las ${hh}:${mm}` : `${names[o.day]} at ${hh}:${mm}`;
}
