import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The documented demo identities (the README lists them and tests rely on them): they exist only in
 * demo data. Change them only on purpose.
 */
export const demoInstitutionCode = 'WVC';
export const demoInstitutionName = 'Willamette Valley College';
export const demoPartnerCode = 'CGU';
export const demoPartnerName = 'Cascade Gorge University';
export const demoStaffPassword = 'demo';
export const demoPatronPin = '1234';

export interface DemoStaffIdentity {
  username: string;
  displayName: string;
  roleCode: 'administrator' | 'supervisor' | 'technician' | 'student-worker';
  email: string;
}

export const demoStaff: readonly DemoStaffIdentity[] = [
  { username: 'admin', displayName: 'Ada Admin', roleCode: 'administrator', email: 'ada.admin@wvc.example.edu' },
  { username: 'supervisor', displayName: 'Sam Supervisor', roleCode: 'supervisor', email: 'sam.supervisor@wvc.example.edu' },
  { username: 'technician', displayName: 'Terry Technician', roleCode: 'technician', email: 'terry.technician@wvc.example.edu' },
  { username: 'student', displayName: 'Stu Student', roleCode: 'student-worker', email: 'stu.student@wvc.example.edu' },
];

export interface DemoPatronIdentity {
  barcode: string;
  firstName: string;
  lastName: string;
  group: 'undergraduate' | 'graduate' | 'faculty' | 'staff' | 'community';
  /** What the identity is for when trying Carrel. */
  purpose: string;
  externalId: string;
  email: string;
  phone: string;
  addressLine1: string;
  city: string;
  postalCode: string;
  birthDate: string;
  expired?: boolean;
  /** A manual block, in plain words, when the identity shows a blocked patron. */
  blockReason?: string;
}

export const demoPatrons: readonly DemoPatronIdentity[] = [
  {
    barcode: '21000000000001', firstName: 'María', lastName: 'García', group: 'undergraduate', purpose: 'undergraduate in good standing',
    externalId: 'W00000001', email: 'maria.garcia@students.wvc.example.edu', phone: '503-555-0101',
    addressLine1: '1450 Court St NE', city: 'Salem', postalCode: '97301', birthDate: '2006-04-12',
  },
  {
    barcode: '21000000000002', firstName: 'James', lastName: 'Okafor', group: 'graduate', purpose: 'graduate student',
    externalId: 'W00000002', email: 'james.okafor@students.wvc.example.edu', phone: '503-555-0102',
    addressLine1: '820 NW Kings Blvd', city: 'Corvallis', postalCode: '97330', birthDate: '1998-09-30',
  },
  {
    barcode: '21000000000003', firstName: 'Eleanor', lastName: 'Whitfield', group: 'faculty', purpose: 'faculty member (History)',
    externalId: 'W00000003', email: 'eleanor.whitfield@wvc.example.edu', phone: '503-555-0103',
    addressLine1: '233 Liberty St SE', city: 'Salem', postalCode: '97301', birthDate: '1971-02-17',
  },
  {
    barcode: '21000000000004', firstName: 'Daniel', lastName: 'Kim', group: 'staff', purpose: 'college staff member',
    externalId: 'W00000004', email: 'daniel.kim@wvc.example.edu', phone: '503-555-0104',
    addressLine1: '4120 River Rd N', city: 'Keizer', postalCode: '97303', birthDate: '1988-06-05',
  },
  {
    barcode: '21000000000005', firstName: 'Rosa', lastName: 'Delgado', group: 'community', purpose: 'community borrower',
    externalId: 'W00000005', email: 'rosa.delgado@example.com', phone: '503-555-0105',
    addressLine1: '615 NE Third St', city: 'McMinnville', postalCode: '97128', birthDate: '1956-11-23',
  },
  {
    barcode: '21000000000006', firstName: 'Thomas', lastName: 'Nguyen', group: 'undergraduate', purpose: 'expired card',
    externalId: 'W00000006', email: 'thomas.nguyen@students.wvc.example.edu', phone: '503-555-0106',
    addressLine1: '1011 Main St W', city: 'Monmouth', postalCode: '97361', birthDate: '2003-08-14', expired: true,
  },
  {
    barcode: '21000000000007', firstName: 'Priya', lastName: 'Raman', group: 'graduate', purpose: 'blocked by staff',
    externalId: 'W00000007', email: 'priya.raman@students.wvc.example.edu', phone: '503-555-0107',
    addressLine1: '2250 Lancaster Dr NE', city: 'Salem', postalCode: '97305', birthDate: '1999-03-08',
    blockReason: 'A borrowed laptop came back with a cracked screen; please see the circulation supervisor before borrowing again.',
  },
  {
    barcode: '21000000000008', firstName: 'Zoë', lastName: 'Lefèvre', group: 'undergraduate', purpose: 'name with diacritics',
    externalId: 'W00000008', email: 'zoe.lefevre@students.wvc.example.edu', phone: '503-555-0108',
    addressLine1: '390 Hillcrest Dr', city: 'Silverton', postalCode: '97381', birthDate: '2005-12-01',
  },
];

export type DemoMaterialType = 'book' | 'dvd' | 'laptop' | 'camera' | 'voice-recorder' | 'tablet' | 'periodical' | 'reserve-copy';
export type DemoLoanType = 'standard' | '4-hour-reserve' | '2-hour-reserve' | '7-day' | 'in-library-use' | 'non-circulating';

export interface DemoItemIdentity {
  barcode: string;
  title: string;
  author: string | null;
  format: 'book' | 'dvd' | 'equipment' | 'periodical';
  materialType: DemoMaterialType;
  loanType: DemoLoanType;
  /** Shelving location code (see demo-college.ts). */
  location: string;
  language: 'eng' | 'spa' | 'fre';
  callNumber: string | null;
  publisher: string | null;
  year: string | null;
  subject: string;
}

function book(
  barcode: string, title: string, author: string, callNumber: string, publisher: string, year: string, subject: string,
  language: DemoItemIdentity['language'] = 'eng',
): DemoItemIdentity {
  return { barcode, title, author, format: 'book', materialType: 'book', loanType: 'standard', location: 'RIV-STACKS', language, callNumber, publisher, year, subject };
}

/** Available items: circulating books first, then one of each other material type. */
export const demoItems: readonly DemoItemIdentity[] = [
  book('31000000000001', 'To Kill a Mockingbird', 'Lee, Harper', 'PS3562.E353 T6 1960', 'J. B. Lippincott', '1960', 'Race relations -- Fiction'),
  book('31000000000002', 'Beloved', 'Morrison, Toni', 'PS3563.O8749 B4 1987', 'Alfred A. Knopf', '1987', 'African American women -- Fiction'),
  book('31000000000003', 'The Structure of Scientific Revolutions', 'Kuhn, Thomas S.', 'Q175 .K95 1970', 'University of Chicago Press', '1970', 'Science -- Philosophy'),
  book('31000000000004', 'Cien años de soledad', 'García Márquez, Gabriel', 'PQ8180.17.A73 C5 1967', 'Editorial Sudamericana', '1967', 'Magic realism (Literature)', 'spa'),
  book('31000000000005', "L'Étranger", 'Camus, Albert', 'PQ2605.A3734 E8 1942', 'Gallimard', '1942', 'Alienation (Social psychology) -- Fiction', 'fre'),
  book('31000000000006', 'The Great Gatsby', 'Fitzgerald, F. Scott', 'PS3511.I9 G7 1925', "Charles Scribner's Sons", '1925', 'Long Island (N.Y.) -- Fiction'),
  book('31000000000007', 'Pride and Prejudice', 'Austen, Jane', 'PR4034 .P7 2002', 'Penguin Classics', '2002', 'Courtship -- Fiction'),
  book('31000000000008', 'Silent Spring', 'Carson, Rachel', 'QH545.P4 C38 1962', 'Houghton Mifflin', '1962', 'Pesticides -- Environmental aspects'),
  book('31000000000009', 'The Left Hand of Darkness', 'Le Guin, Ursula K.', 'PS3562.E42 L4 1969', 'Ace Books', '1969', 'Science fiction'),
  book('31000000000010', 'Introduction to Algorithms', 'Cormen, Thomas H.', 'QA76.6 .C662 2022', 'MIT Press', '2022', 'Computer algorithms'),
  {
    barcode: '31000000000011', title: 'Casablanca', author: 'Curtiz, Michael', format: 'dvd', materialType: 'dvd', loanType: '7-day',
    location: 'RIV-MEDIA', language: 'eng', callNumber: 'PN1997 .C37 2012', publisher: 'Warner Home Video', year: '2012', subject: 'Feature films',
  },
  {
    barcode: '31000000000012', title: 'Dell Latitude 5440 laptop', author: null, format: 'equipment', materialType: 'laptop', loanType: '4-hour-reserve',
    location: 'RIV-EQUIP', language: 'eng', callNumber: null, publisher: null, year: null, subject: 'Laptop computers',
  },
  {
    barcode: '31000000000013', title: 'Canon EOS Rebel T7 camera kit', author: null, format: 'equipment', materialType: 'camera', loanType: '4-hour-reserve',
    location: 'RIV-EQUIP', language: 'eng', callNumber: null, publisher: null, year: null, subject: 'Digital cameras',
  },
  {
    barcode: '31000000000014', title: 'Zoom H1n handy recorder', author: null, format: 'equipment', materialType: 'voice-recorder', loanType: '4-hour-reserve',
    location: 'RIV-EQUIP', language: 'eng', callNumber: null, publisher: null, year: null, subject: 'Digital audio recorders',
  },
  {
    barcode: '31000000000015', title: 'Apple iPad (10th generation)', author: null, format: 'equipment', materialType: 'tablet', loanType: '4-hour-reserve',
    location: 'RIV-EQUIP', language: 'eng', callNumber: null, publisher: null, year: null, subject: 'Tablet computers',
  },
  {
    barcode: '31000000000016', title: 'Oregon Historical Quarterly', author: null, format: 'periodical', materialType: 'periodical', loanType: 'in-library-use',
    location: 'RIV-PER', language: 'eng', callNumber: 'F871 .O65', publisher: 'Oregon Historical Society', year: '2025', subject: 'Oregon -- History -- Periodicals',
  },
  {
    barcode: '31000000000017', title: 'Campbell Biology', author: 'Urry, Lisa A.', format: 'book', materialType: 'reserve-copy', loanType: '2-hour-reserve',
    location: 'RIV-RES', language: 'eng', callNumber: 'QH308.2 .C34 2020', publisher: 'Pearson', year: '2020', subject: 'Biology -- Textbooks',
  },
  {
    barcode: '31000000000018', title: 'The Chicago Manual of Style', author: null, format: 'book', materialType: 'book', loanType: 'non-circulating',
    location: 'RIV-REF', language: 'eng', callNumber: 'Z253 .U69 2017', publisher: 'University of Chicago Press', year: '2017', subject: 'Authorship -- Style manuals',
  },
  {
    barcode: '31000000000019', title: 'Braiding Sweetgrass', author: 'Kimmerer, Robin Wall', format: 'book', materialType: 'book', loanType: 'standard',
    location: 'HIL-STACKS', language: 'eng', callNumber: 'E98.P5 K56 2013', publisher: 'Milkweed Editions', year: '2013', subject: 'Indian philosophy -- North America',
  },
];

/** A line for the console after start-up, when the demo college is in this database. */
export async function demoSignInHint(db: Kysely<Database>): Promise<string | undefined> {
  const admin = await db.selectFrom('staff_account').select('username').where('username', '=', 'admin').executeTakeFirst();
  if (!admin) return undefined;
  return `Demo sign-in: admin / ${demoStaffPassword} (also supervisor, technician, student). Demo patron 21000000000001, PIN ${demoPatronPin}. SIP2 kiosk login: ${demoSipAccount.username} / ${demoSipAccount.password}, institution ${demoInstitutionCode}.`;
}

/** The demo SIP2 account a self-check kiosk (or a test client) logs in with: AO WVC, every message allowed. */
export const demoSipAccount = { username: 'kiosk', password: 'kiosk', servicePointCode: 'RIV-CIRC' } as const;
