import type { Faker } from '@faker-js/faker';

/** One subject area of the generated collection: its LC class range and the words its titles use. */
interface SubjectArea {
  heading: string;
  /** LC class letters and the range of class numbers used for it, e.g. QA 76–76.9 for computing. */
  lcClass: string;
  classNumbers: [from: number, to: number];
  topics: string[];
  titles: string[];
}

// Templates: {t} is a topic of the area, {p} a place, {n} a number of the era.
export const subjectAreas: SubjectArea[] = [
  {
    heading: 'Computer science', lcClass: 'QA', classNumbers: [76, 77],
    topics: ['Algorithms', 'Data Structures', 'Machine Learning', 'Database Systems', 'Operating Systems', 'Computer Networks', 'Compilers', 'Software Engineering', 'Cryptography', 'Distributed Systems', 'Python Programming', 'Web Development'],
    titles: ['Introduction to {t}', '{t}: Principles and Practice', 'Modern {t}', 'Foundations of {t}', '{t} in Practice', 'A Guide to {t}'],
  },
  {
    heading: 'Mathematics', lcClass: 'QA', classNumbers: [1, 75],
    topics: ['Linear Algebra', 'Calculus', 'Number Theory', 'Topology', 'Probability', 'Statistics', 'Differential Equations', 'Real Analysis', 'Combinatorics', 'Abstract Algebra'],
    titles: ['{t}', 'Elementary {t}', '{t}: A First Course', 'Advanced {t}', 'Problems in {t}', '{t} for Scientists and Engineers'],
  },
  {
    heading: 'Biology', lcClass: 'QH', classNumbers: [301, 705],
    topics: ['Cell Biology', 'Genetics', 'Evolution', 'Ecology', 'Marine Biology', 'Microbiology', 'Conservation Biology', 'Molecular Biology'],
    titles: ['{t}', 'Essentials of {t}', '{t} of the Pacific Northwest', 'Principles of {t}', 'Readings in {t}'],
  },
  {
    heading: 'Chemistry', lcClass: 'QD', classNumbers: [31, 999],
    topics: ['Organic Chemistry', 'Physical Chemistry', 'Biochemistry', 'Analytical Chemistry', 'Inorganic Chemistry', 'Polymer Chemistry'],
    titles: ['{t}', 'Fundamentals of {t}', '{t}: Structure and Function', 'Laboratory Manual for {t}'],
  },
  {
    heading: 'Physics', lcClass: 'QC', classNumbers: [1, 999],
    topics: ['Quantum Mechanics', 'Thermodynamics', 'Electromagnetism', 'Optics', 'Classical Mechanics', 'Astrophysics', 'Particle Physics'],
    titles: ['{t}', 'Introduction to {t}', 'Lectures on {t}', 'Concepts of {t}'],
  },
  {
    heading: 'United States -- History', lcClass: 'E', classNumbers: [151, 909],
    topics: ['the Civil War', 'Reconstruction', 'the Progressive Era', 'the Great Depression', 'the New Deal', 'the Civil Rights Movement', 'the Cold War', 'Immigration'],
    titles: ['A History of {t}', '{t} Reconsidered', 'Voices from {t}', 'America and {t}', 'The Age of {t}'],
  },
  {
    heading: 'Oregon -- History', lcClass: 'F', classNumbers: [871, 884],
    topics: ['the Oregon Trail', 'the Willamette Valley', 'the Columbia River', 'Salem', 'Portland', 'the Kalapuya People', 'Timber Towns', 'the Cascades'],
    titles: ['A History of {t}', '{t}: A Regional History', 'Settlers of {t}', '{t} in Photographs', 'Stories of {t}'],
  },
  {
    heading: 'Economics', lcClass: 'HB', classNumbers: [71, 846],
    topics: ['Microeconomics', 'Macroeconomics', 'Behavioral Economics', 'Labor Markets', 'Public Finance', 'Economic Growth', 'Game Theory'],
    titles: ['{t}', 'Principles of {t}', '{t}: Theory and Policy', 'Essays on {t}', 'The Economics of {t}'],
  },
  {
    heading: 'Psychology', lcClass: 'BF', classNumbers: [1, 990],
    topics: ['Cognitive Psychology', 'Developmental Psychology', 'Social Psychology', 'Memory', 'Perception', 'Motivation', 'Personality'],
    titles: ['{t}', 'Handbook of {t}', 'The Science of {t}', 'Understanding {t}', 'Research Methods in {t}'],
  },
  {
    heading: 'Education', lcClass: 'LB', classNumbers: [1025, 2361],
    topics: ['Literacy', 'Classroom Assessment', 'Curriculum Design', 'Community Colleges', 'Online Learning', 'Teacher Education', 'Student Success'],
    titles: ['Teaching {t}', '{t} in Higher Education', 'Rethinking {t}', '{t}: A Practical Guide'],
  },
  {
    heading: 'Philosophy', lcClass: 'B', classNumbers: [72, 5802],
    topics: ['Ethics', 'Metaphysics', 'Epistemology', 'Aesthetics', 'Political Philosophy', 'Phenomenology', 'Logic'],
    titles: ['{t}', 'An Introduction to {t}', 'Problems of {t}', 'Readings in {t}', 'The Limits of {t}'],
  },
  {
    heading: 'American literature', lcClass: 'PS', classNumbers: [1, 3626],
    topics: ['Rivers', 'Winter', 'Small Towns', 'the Coast', 'Lost Letters', 'Orchards', 'Night Trains', 'the Frontier', 'Memory', 'Storms'],
    titles: ['A Novel of {t}', 'Poems of {t}', 'The Book of {t}', 'Stories of {t}', 'After {t}', 'Songs of {t}'],
  },
  {
    heading: 'Art', lcClass: 'N', classNumbers: [1, 9211],
    topics: ['Renaissance Painting', 'Modern Sculpture', 'Photography', 'Printmaking', 'Native American Art', 'Architecture', 'Graphic Design'],
    titles: ['{t}', 'A History of {t}', '{t}: Techniques and Materials', 'The Story of {t}', 'Looking at {t}'],
  },
  {
    heading: 'Nursing', lcClass: 'RT', classNumbers: [1, 120],
    topics: ['Medical-Surgical Nursing', 'Pediatric Nursing', 'Pharmacology', 'Nursing Ethics', 'Community Health Nursing', 'Patient Safety'],
    titles: ['{t}', 'Fundamentals of {t}', '{t}: Concepts and Practice', 'Clinical Companion to {t}'],
  },
  {
    heading: 'Agriculture', lcClass: 'S', classNumbers: [1, 972],
    topics: ['Soil Science', 'Viticulture', 'Hazelnut Growing', 'Organic Farming', 'Irrigation', 'Forestry', 'Sustainable Agriculture'],
    titles: ['{t}', 'Principles of {t}', '{t} in the Willamette Valley', 'Handbook of {t}'],
  },
];

const spanishTopics = ['la economía política', 'la educación pública', 'la literatura colombiana', 'la revolución mexicana', 'los pueblos indígenas', 'la música andina', 'la poesía española', 'la migración'];
const spanishTitles = ['Historia de {t}', 'Introducción a {t}', 'Ensayos sobre {t}', 'Crónica de {t}', 'Estudios sobre {t}'];
const frenchTopics = ['la littérature française', 'la Révolution de 1789', "l'économie européenne", 'la philosophie des Lumières', 'la société québécoise', "l'art médiéval", 'la poésie moderne'];
const frenchTitles = ['Histoire de {t}', 'Essai sur {t}', 'Introduction à {t}', 'Réflexions sur {t}', 'Études sur {t}'];

export const publishers: [name: string, place: string][] = [
  ['Oregon State University Press', 'Corvallis'], ['University of Washington Press', 'Seattle'], ['Oxford University Press', 'New York'],
  ['Cambridge University Press', 'Cambridge'], ['MIT Press', 'Cambridge, Mass.'], ['Routledge', 'New York'], ['Pearson', 'Boston'],
  ['W. W. Norton', 'New York'], ['Penguin Books', 'New York'], ['University of California Press', 'Berkeley'], ['Springer', 'Cham'],
  ['Wiley', 'Hoboken, N.J.'], ['Princeton University Press', 'Princeton'], ['Yale University Press', 'New Haven'], ['Sage', 'Thousand Oaks, Calif.'],
];
const spanishPublishers: [string, string][] = [['Fondo de Cultura Económica', 'México'], ['Editorial Anagrama', 'Barcelona'], ['Alfaguara', 'Madrid']];
const frenchPublishers: [string, string][] = [['Gallimard', 'Paris'], ['Éditions du Seuil', 'Paris'], ['Presses universitaires de France', 'Paris']];

/** Real works, one instance each, so that searches for well-known titles find something. */
export const knownWorks: [title: string, author: string, language: 'eng' | 'spa' | 'fre', callNumber: string, year: string][] = [
  ['Les Misérables', 'Hugo, Victor', 'fre', 'PQ2286 .A1 1862', '1862'],
  ['El amor en los tiempos del cólera', 'García Márquez, Gabriel', 'spa', 'PQ8180.17.A73 A8 1985', '1985'],
  ['À la recherche du temps perdu', 'Proust, Marcel', 'fre', 'PQ2631.R63 A7 1987', '1987'],
  ['Don Quijote de la Mancha', 'Cervantes Saavedra, Miguel de', 'spa', 'PQ6323 .A1 2004', '2004'],
  ['Madame Bovary', 'Flaubert, Gustave', 'fre', 'PQ2246 .M2 1857', '1857'],
  ['La casa de los espíritus', 'Allende, Isabel', 'spa', 'PQ8098.1.L54 C3 1982', '1982'],
  ['Pedro Páramo', 'Rulfo, Juan', 'spa', 'PQ7297.R89 P4 1955', '1955'],
  ['Ficciones', 'Borges, Jorge Luis', 'spa', 'PQ7797.B635 F5 1944', '1944'],
  ['Le Petit Prince', 'Saint-Exupéry, Antoine de', 'fre', 'PQ2637.A274 P4 1943', '1943'],
  ['Le Deuxième Sexe', 'Beauvoir, Simone de', 'fre', 'HQ1208 .B352 1949', '1949'],
  ['Rayuela', 'Cortázar, Julio', 'spa', 'PQ7797.C7145 R3 1963', '1963'],
  ['Moby-Dick', 'Melville, Herman', 'eng', 'PS2384 .M6 1851', '1851'],
  ['Frankenstein', 'Shelley, Mary Wollstonecraft', 'eng', 'PR5397 .F7 1818', '1818'],
  ['Nineteen Eighty-Four', 'Orwell, George', 'eng', 'PR6029.R8 N5 1949', '1949'],
  ['Invisible Man', 'Ellison, Ralph', 'eng', 'PS3555.L625 I5 1952', '1952'],
  ['The Grapes of Wrath', 'Steinbeck, John', 'eng', 'PS3537.T3234 G8 1939', '1939'],
  ['Sometimes a Great Notion', 'Kesey, Ken', 'eng', 'PS3561.E667 S6 1964', '1964'],
  ["One Flew Over the Cuckoo's Nest", 'Kesey, Ken', 'eng', 'PS3561.E667 O5 1962', '1962'],
  ['The Souls of Black Folk', 'Du Bois, W. E. B.', 'eng', 'E185.5 .D81 1903', '1903'],
  ['A Brief History of Time', 'Hawking, Stephen', 'eng', 'QB981 .H377 1988', '1988'],
  ['On the Origin of Species', 'Darwin, Charles', 'eng', 'QH365 .O2 1859', '1859'],
  ['Gödel, Escher, Bach', 'Hofstadter, Douglas R.', 'eng', 'QA9.8 .H63 1979', '1979'],
  ['Things Fall Apart', 'Achebe, Chinua', 'eng', 'PR9387.9.A3 T5 1958', '1958'],
  ['Their Eyes Were Watching God', 'Hurston, Zora Neale', 'eng', 'PS3515.U789 T5 1937', '1937'],
  ['Walden', 'Thoreau, Henry David', 'eng', 'PS3048 .A1 1854', '1854'],
  ['Democracy in America', 'Tocqueville, Alexis de', 'eng', 'JK216 .T7 2000', '2000'],
  ['The Wealth of Nations', 'Smith, Adam', 'eng', 'HB161 .S65 1776', '1776'],
  ['Undaunted Courage', 'Ambrose, Stephen E.', 'eng', 'F592.7 .A49 1996', '1996'],
];

const films: [title: string, director: string, year: string][] = [
  ['Citizen Kane', 'Welles, Orson', '1941'], ['Vertigo', 'Hitchcock, Alfred', '1958'], ['Roma', 'Cuarón, Alfonso', '2018'],
  ['Amélie', 'Jeunet, Jean-Pierre', '2001'], ['Moonlight', 'Jenkins, Barry', '2016'], ['Spirited Away', 'Miyazaki, Hayao', '2001'],
  ['Parasite', 'Bong, Joon-ho', '2019'], ['The Godfather', 'Coppola, Francis Ford', '1972'], ['Do the Right Thing', 'Lee, Spike', '1989'],
  ['Y tu mamá también', 'Cuarón, Alfonso', '2001'], ['Les Quatre Cents Coups', 'Truffaut, François', '1959'], ['Stand by Me', 'Reiner, Rob', '1986'],
  ['Wild', 'Vallée, Jean-Marc', '2014'], ['First Cow', 'Reichardt, Kelly', '2019'], ['Rashomon', 'Kurosawa, Akira', '1950'],
];

export const periodicalTitles = [
  'Oregon Historical Quarterly', 'Journal of Pacific Northwest Ecology', 'Community College Review', 'Journal of Chemical Education',
  'American Economic Review', 'Nursing Research', 'Willamette Valley Viticulture Notes', 'Journal of Higher Education',
  'The American Historical Review', 'Communications of the ACM', 'Revista de Estudios Hispánicos', 'Revue française de sociologie',
];

export interface GeneratedWork {
  title: string;
  author: string | null;
  subject: string;
  language: 'eng' | 'spa' | 'fre';
  callNumber: string;
  publisher: string;
  place: string;
  year: string;
  isbn: string;
}

/** ISBN-13 with a valid check digit (weights 1 and 3). */
export function isbn13(faker: Faker): string {
  let digits = `978${faker.number.int({ min: 0, max: 1 })}${faker.string.numeric(8)}`;
  let sum = 0;
  for (let position = 0; position < 12; position += 1) sum += Number(digits[position]) * (position % 2 === 0 ? 1 : 3);
  digits += String((10 - (sum % 10)) % 10);
  return digits;
}

/** ISSN 'NNNN-NNNC' with the mod-11 check character. */
export function issn(faker: Faker): string {
  const digits = faker.string.numeric(7);
  let sum = 0;
  for (let position = 0; position < 7; position += 1) sum += Number(digits[position]) * (8 - position);
  const check = (11 - (sum % 11)) % 11;
  return `${digits.slice(0, 4)}-${digits.slice(4)}${check === 10 ? 'X' : String(check)}`;
}

/** The LC Cutter part from an author's surname: initial letter and two digits. */
function cutter(faker: Faker, name: string): string {
  const initial = name.normalize('NFD').replace(/[^A-Za-z]/g, '').charAt(0).toUpperCase() || 'A';
  return `${initial}${faker.number.int({ min: 11, max: 99 })}`;
}

function fill(faker: Faker, template: string, topics: string[]): string {
  return template.replace('{t}', faker.helpers.arrayElement(topics));
}

/** A plausible scholarly book: title by subject, author, LC call number in the subject's class. */
export function generateWork(faker: Faker): GeneratedWork {
  const area = faker.helpers.arrayElement(subjectAreas);
  const roll = faker.number.int({ min: 1, max: 100 });
  const language = roll <= 4 ? 'spa' : roll <= 7 ? 'fre' : 'eng';
  const title =
    language === 'spa' ? fill(faker, faker.helpers.arrayElement(spanishTitles), spanishTopics)
    : language === 'fre' ? fill(faker, faker.helpers.arrayElement(frenchTitles), frenchTopics)
    : fill(faker, faker.helpers.arrayElement(area.titles), area.topics);
  const surname = faker.person.lastName();
  const author = `${surname}, ${faker.person.firstName()}`;
  const [publisher, place] = faker.helpers.arrayElement(language === 'spa' ? spanishPublishers : language === 'fre' ? frenchPublishers : publishers);
  const year = String(faker.number.int({ min: 1950, max: 2026 }));
  const classNumber = faker.number.int({ min: area.classNumbers[0], max: area.classNumbers[1] });
  const decimal = faker.number.int({ min: 0, max: 3 }) === 0 ? `.${faker.number.int({ min: 1, max: 99 })}` : '';
  const heading = language === 'spa' ? 'Spanish language materials' : language === 'fre' ? 'French language materials' : area.heading;
  return {
    title,
    author,
    subject: heading,
    language,
    callNumber: `${area.lcClass}${classNumber}${decimal} .${cutter(faker, surname)} ${year}`,
    publisher,
    place,
    year,
    isbn: isbn13(faker),
  };
}

export function generateFilm(faker: Faker): { title: string; director: string; year: string; callNumber: string } {
  const [title, director, year] = faker.helpers.arrayElement(films);
  return { title, director, year, callNumber: `PN1997 .${cutter(faker, title.replace(/^(The|Les|Y) /, ''))} ${year}` };
}

/** Words a person would type into the catalog search box, drawn from the same vocabulary. */
export function searchTerms(): string[] {
  const topics = subjectAreas.flatMap((area) => area.topics.map((topic) => topic.replace(/^the /, '')));
  const works = knownWorks.map(([title]) => title);
  const authors = knownWorks.map(([, author]) => author.split(',')[0] ?? author);
  const headings = subjectAreas.map((area) => area.heading.split(' -- ')[0] ?? area.heading);
  return [...topics, ...works, ...authors, ...headings, ...films.map(([title]) => title), 'soledad', 'révolution', 'Oregon', 'Willamette'];
}
