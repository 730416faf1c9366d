/** Word lists the seeded people are drawn from; rows keep indexes into them, not strings. */

// prettier-ignore
export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David',
  'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah',
  'Charles', 'Karen', 'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Betty', 'Mark', 'Sandra',
  'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily', 'Andrew', 'Donna', 'Joshua',
  'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'George', 'Deborah',
  'Priya', 'Wei', 'Sofia', 'Mateo', 'Aisha', 'Hiroshi', 'Ingrid', 'Lars', 'Chiara', 'Joao',
  'Fatima', 'Olga', 'Rafael', 'Mei',
];

// prettier-ignore
export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez',
  'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor',
  'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark',
  'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres',
  'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell',
  'Mitchell', 'Carter', 'Roberts', 'Patel', 'Kim', 'Silva', 'Rossi', 'Larsson', 'Tanaka',
  'Novak', 'Costa', 'Schmidt', 'Okafor',
];

// prettier-ignore
export const COMPANIES: readonly string[] = [
  'Northwind Traders', 'Contoso Ltd', 'Fabrikam Inc', 'Tailspin Toys', 'Wide World Importers',
  'Adventure Works', 'Alpine Ski House', 'Blue Yonder Airlines', 'Coho Winery', 'Fourth Coffee',
  'Litware Inc', 'Lucerne Publishing', 'Margie Travel', 'Proseware Inc', 'Southridge Video',
  'Trey Research', 'Woodgrove Bank', 'Humongous Insurance', 'Graphic Design Institute',
  'City Power & Light', 'Consolidated Messenger', 'Datum Corporation', 'Relecloud',
  'VanArsdel Ltd', 'Wingtip Toys', 'Bellows College', 'Munson Pickles', 'Nod Publishers',
  'School of Fine Art', 'Lamna Healthcare', 'Best For You Organics', 'Boulder Innovations',
];

/** Lead statuses; the last one is the status of converted Leads only. */
export const LEAD_STATUSES: readonly string[] = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Not Converted',
  'Closed - Converted',
];
export const CONVERTED_STATUS_INDEX = LEAD_STATUSES.length - 1;

/** A domain for a company's people: RFC 2606 example names, never a real mailbox. */
export function companyDomain(company: string): string {
  return `${company.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example.com`;
}
