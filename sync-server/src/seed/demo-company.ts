// The demo company "Muster GmbH": departments, job roles and ~25 employees written into an org doc, plus
// one sign-in per role. Deterministic (fixed ids and dates) so every fresh start looks the same.
import * as Y from 'yjs';
import { ibanFromBban, taxIdCheckDigit } from '@workmate/domain/people';
import { orgDoc, profileDoc, type EmployeeFields } from '@workmate/sync-protocol';

export const DEMO_PASSWORD = 'Muster-Demo-2026';

export type DemoUser = { email: string; name: string; roles: string[]; employeeIndex: number };

/** One sign-in per default role; employeeIndex links the account to an employee record. */
export const demoUsers: DemoUser[] = [
  { email: 'admin@muster-gmbh.de', name: 'Anna Admin', roles: ['admin'], employeeIndex: 0 },
  { email: 'chefin@muster-gmbh.de', name: 'Claudia Berger', roles: ['management'], employeeIndex: 1 },
  { email: 'personal@muster-gmbh.de', name: 'Petra Schulz', roles: ['hr'], employeeIndex: 2 },
  { email: 'buchhaltung@muster-gmbh.de', name: 'Bernd Keller', roles: ['accounting'], employeeIndex: 3 },
  { email: 'teamleitung@muster-gmbh.de', name: 'Tobias Wagner', roles: ['teamlead'], employeeIndex: 4 },
  { email: 'mitarbeiter@muster-gmbh.de', name: 'Max Mustermann', roles: ['employee'], employeeIndex: 5 },
];


const departments = [
  { key: 'gf', name: 'Geschäftsführung & Verwaltung', description: 'Leitung, Personal, Buchhaltung' },
  { key: 'vertrieb', name: 'Vertrieb', description: 'Angebote, Kundenbetreuung, Außendienst' },
  { key: 'technik', name: 'Technik & Montage', description: 'Installation, Wartung, Service vor Ort' },
  { key: 'lager', name: 'Lager & Logistik', description: 'Wareneingang, Kommissionierung, Versand' },
];

const roles = [
  { name: 'Geschäftsführung', description: 'Gesamtverantwortung für das Unternehmen' },
  { name: 'Teamleitung', description: 'Führt ein Team, genehmigt Urlaub und Zeiten' },
  { name: 'Sachbearbeitung', description: 'Kaufmännische Aufgaben im Innendienst' },
  { name: 'Fachkraft', description: 'Ausgebildete Fachkraft in Technik oder Lager' },
  { name: 'Auszubildende/r', description: 'In Ausbildung' },
];

type Row = [first: string, last: string, dept: string, position: string, type: EmployeeFields['employmentType'], hours: number, hired: string];

const people: Row[] = [
  ['Anna', 'Admin', 'gf', 'IT-Administration', 'fulltime', 40, '2018-03-01'],
  ['Claudia', 'Berger', 'gf', 'Geschäftsführerin', 'fulltime', 40, '2012-01-01'],
  ['Petra', 'Schulz', 'gf', 'Personalreferentin', 'parttime', 30, '2016-09-15'],
  ['Bernd', 'Keller', 'gf', 'Buchhalter', 'fulltime', 40, '2014-04-01'],
  ['Tobias', 'Wagner', 'technik', 'Teamleiter Technik', 'fulltime', 40, '2013-08-01'],
  ['Max', 'Mustermann', 'technik', 'Elektroniker', 'fulltime', 40, '2020-02-01'],
  ['Sabine', 'Hoffmann', 'vertrieb', 'Vertriebsleiterin', 'fulltime', 40, '2015-05-01'],
  ['Jonas', 'Becker', 'vertrieb', 'Außendienst', 'fulltime', 40, '2019-10-01'],
  ['Lea', 'Fischer', 'vertrieb', 'Innendienst', 'parttime', 25, '2021-03-15'],
  ['Murat', 'Yılmaz', 'vertrieb', 'Kundenberater', 'fulltime', 40, '2017-07-01'],
  ['Katharina', 'Weber', 'vertrieb', 'Angebotsmanagement', 'parttime', 32, '2022-01-10'],
  ['Stefan', 'Richter', 'technik', 'Servicetechniker', 'fulltime', 40, '2016-02-01'],
  ['Jan', 'Klein', 'technik', 'Servicetechniker', 'fulltime', 40, '2018-06-01'],
  ['Aleksandra', 'Nowak', 'technik', 'Elektronikerin', 'fulltime', 40, '2021-09-01'],
  ['Felix', 'Wolf', 'technik', 'Auszubildender Elektronik', 'apprentice', 39, '2024-08-01'],
  ['Nina', 'Schröder', 'technik', 'Technische Zeichnerin', 'parttime', 20, '2023-04-01'],
  ['Uwe', 'Neumann', 'lager', 'Lagerleiter', 'fulltime', 40, '2011-11-01'],
  ['Dragan', 'Petrović', 'lager', 'Fachkraft Lagerlogistik', 'fulltime', 40, '2019-01-15'],
  ['Sophie', 'Schwarz', 'lager', 'Kommissioniererin', 'minijob', 10, '2023-10-01'],
  ['Paul', 'Zimmermann', 'lager', 'Fahrer', 'fulltime', 40, '2020-05-01'],
  ['Emily', 'Braun', 'lager', 'Werkstudentin Logistik', 'student', 20, '2025-04-01'],
  ['Thomas', 'Krüger', 'technik', 'Servicetechniker', 'fulltime', 40, '2014-03-01'],
  ['Julia', 'Hartmann', 'vertrieb', 'Marketing', 'parttime', 30, '2022-06-01'],
  ['Michael', 'Lange', 'lager', 'Lagerist', 'fulltime', 40, '2017-09-01'],
  ['Hannah', 'Schmitt', 'gf', 'Assistenz der Geschäftsführung', 'parttime', 28, '2024-02-01'],
];

/** Deterministic UUID-shaped ids, so demo links stay stable across re-seeds. */
const demoId = (group: number, n: number) => `00000000-0000-4000-8${group.toString(16).padStart(3, '0')}-${n.toString(16).padStart(12, '0')}`;

export const demoEmployeeId = (index: number) => demoId(3, index + 1);

/** Builds the demo org doc. Numbers are assigned here in list order, as the server would. */
export function buildDemoOrgDoc(now = '2026-01-01T08:00:00.000Z'): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const deptIds = new Map<string, string>();
    departments.forEach((d, i) => {
      const id = demoId(1, i + 1);
      deptIds.set(d.key, id);
      orgDoc.insertDepartment(doc, { id, name: d.name, description: d.description, createdAt: now });
    });
    roles.forEach((r, i) => orgDoc.insertRole(doc, { id: demoId(2, i + 1), ...r, createdAt: now }));
    const leads: Record<string, number> = { gf: 1, vertrieb: 6, technik: 4, lager: 16 };
    people.forEach(([firstName, lastName, dept, position, employmentType, weeklyHours, hireDate], i) => {
      const leadIndex = leads[dept]!;
      const fields: EmployeeFields = {
        firstName,
        lastName,
        email: `${ascii(firstName)}.${ascii(lastName)}@muster-gmbh.de`,
        phone: `+49 30 1234 56${String(10 + i).padStart(2, '0')}`,
        departmentId: deptIds.get(dept)!,
        position,
        managerId: leadIndex === i ? (i === 1 ? '' : demoEmployeeId(1)) : demoEmployeeId(leadIndex),
        employmentType,
        weeklyHours,
        hireDate,
        exitDate: '',
        status: i === 12 ? 'onLeave' : 'active',
      };
      // createdAt orders the numbering: keep list order.
      const created = new Date(Date.parse(now) + i * 1000).toISOString();
      orgDoc.insertEmployee(doc, demoEmployeeId(i), fields, created, i === 5 ? 'Ersthelfer, Staplerschein seit 2021.' : '');
    });
    orgDoc.assignEmployeeNumbers(doc);
  });
  return doc;
}

const streets = ['Lindenstraße', 'Gartenweg', 'Hauptstraße', 'Am Markt', 'Schillerstraße', 'Bahnhofstraße', 'Birkenallee'];
const cities: Array<[string, string]> = [['10115', 'Berlin'], ['10437', 'Berlin'], ['12055', 'Berlin'], ['14467', 'Potsdam'], ['16515', 'Oranienburg']];
const insurers = ['AOK Nordost', 'Techniker Krankenkasse', 'BARMER', 'DAK-Gesundheit', 'IKK classic'];

/** The private profile of demo employee `index` (address, birthday, bank details), deterministic. */
export function buildDemoProfileDoc(index: number, now = '2026-01-01T08:00:00.000Z'): Y.Doc {
  const doc = new Y.Doc();
  const [firstName, lastName, , , , , hired] = people[index]!;
  const [postalCode, city] = cities[index % cities.length]!;
  const birthYear = Number(hired.slice(0, 4)) - 22 - (index % 17);
  const birthday = `${birthYear}-${String((index % 12) + 1).padStart(2, '0')}-${String((index * 7) % 28 + 1).padStart(2, '0')}`;
  const taxBase = String(2_000_000_000 + index * 7_919_113).padStart(10, '1').slice(0, 10);
  const fields = {
    birthday,
    street: `${streets[index % streets.length]} ${(index * 3) % 90 + 1}`,
    postalCode,
    city,
    privatePhone: `+49 170 ${String(1_000_000 + index * 12_347).slice(0, 7)}`,
    privateEmail: `${ascii(firstName)}.${ascii(lastName)}@example.de`,
    iban: ibanFromBban('DE', `10050000${String(6_000_000_000 + index * 104_729).padStart(10, '0')}`),
    taxId: taxBase + String(taxIdCheckDigit(taxBase)),
    socialSecurityNumber: `65 ${birthday.slice(8, 10)}${birthday.slice(5, 7)}${birthday.slice(2, 4)} ${lastName[0]!.toUpperCase()} ${String(100 + index).padStart(3, '0')}`,
    healthInsurance: insurers[index % insurers.length]!,
    emergencyContact: index % 3 === 0 ? '' : `Angehörige/r, +49 30 555 ${String(1000 + index)}`,
  };
  doc.transact(() => {
    for (const [field, value] of Object.entries(fields)) profileDoc.setProfileField(doc, field as profileDoc.ProfileField, value, now);
  });
  return doc;
}

export const demoEmployeeCount = people.length;

function ascii(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i').replace(/[^a-z]/g, '');
}
