/** iCalendar documents read back by a real parser (ical.js), for the calendar tests. */
import ICAL from 'ical.js';

/** The VEVENTs of a document as plain data, parsed by ical.js. */
export function parseEvents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toJSDate().toISOString(),
      end: component.hasProperty('dtend') ? event.endDate.toJSDate().toISOString() : null,
    };
  });
}
