import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A file put into UNSORTED for a run: where, and what the import must keep track of. */
export interface InboxFile {
  /** Relative to UNSORTED, e.g. `fault-a/statements/statement-007.txt`. */
  path: string;
  /** `sha256:<hex>`, as file-system-service names content (a note's `source.id`). */
  hash: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const VENDORS = ['Stadtwerke Nord', 'Office Supplies GmbH', 'CloudHost Ltd', 'Printshop Weber', 'Garden Centre Green'];
const DISHES = [
  { name: 'lentil soup', ingredients: '200 g red lentils, 1 onion, 2 carrots, 1 litre stock', method: 'Simmer for 25 minutes, blend half and season.' },
  { name: 'tomato risotto', ingredients: '300 g risotto rice, 400 g tomatoes, 1 onion, parmesan', method: 'Stir in the stock ladle by ladle for 18 minutes.' },
  { name: 'chickpea curry', ingredients: '2 tins chickpeas, coconut milk, curry paste, spinach', method: 'Fry the paste, add the rest and cook for 15 minutes.' },
  { name: 'roast chicken', ingredients: '1 chicken, lemon, garlic, thyme, potatoes', method: 'Roast at 200 °C for 80 minutes and rest before carving.' },
];
const TEAMS = ['platform', 'payments', 'search', 'mobile'];

/**
 * One realistic small document per index, cycling through kinds the example
 * JD structure (examples/jd.yaml) knows — bank statements, invoices, recipes,
 * team meeting notes, electricity bills — as text and Markdown. `tag` and
 * `index` go into the text, so every file of every run has its own content
 * (the import identifies a file by its content).
 */
function document(tag: string, index: number): { path: string; content: string } {
  const month = MONTHS[index % 12];
  const n = String(index).padStart(3, '0');
  switch (index % 5) {
    case 0: {
      const opening = 1_000 + index * 17.35;
      const closing = opening - 412.5 + index;
      return {
        path: `statements/account-statement-${n}.txt`,
        content:
          `Example Bank AG - Account statement ${month} 2026 (${tag} no. ${n})\n\nIBAN DE44 5001 0517 5407 3249 ${n}\n` +
          `Opening balance: ${opening.toFixed(2)} EUR\nDirect debit Stadtwerke Nord -84.00 EUR\nStanding order rent -950.00 EUR\n` +
          `Salary transfer +${(621.5 + index).toFixed(2)} EUR\nClosing balance: ${closing.toFixed(2)} EUR\n`,
      };
    }
    case 1: {
      const vendor = VENDORS[index % VENDORS.length];
      return {
        path: `invoices/invoice-${n}.txt`,
        content:
          `Invoice INV-${tag}-${n} from ${vendor}\n\nInvoice date: 3 ${month} 2026\nDue date: 30 ${month} 2026\n\n` +
          `Item: services for ${month} 2026 (${tag} order ${n})\nNet amount: ${(120 + index).toFixed(2)} EUR\nVAT 19 %: ${((120 + index) * 0.19).toFixed(2)} EUR\n` +
          `Amount due: ${((120 + index) * 1.19).toFixed(2)} EUR, payable by bank transfer.\n`,
      };
    }
    case 2: {
      const dish = DISHES[index % DISHES.length];
      return {
        path: `recipes/recipe-${n}.md`,
        content:
          `# Recipe: ${dish.name} (${tag} variation ${n})\n\nServes ${2 + (index % 4)} for dinner.\n\n## Ingredients\n\n${dish.ingredients}, salt and pepper.\n\n` +
          `## Method\n\n${dish.method} Cook, taste and serve hot with bread.\n`,
      };
    }
    case 3: {
      const team = TEAMS[index % TEAMS.length];
      return {
        path: `meetings/team-meeting-${n}.md`,
        content:
          `# Team meeting notes: ${team} team, ${month} week ${1 + (index % 4)} (${tag} ${n})\n\nAttendees: Anna, Ben, Chloe, Deniz\n\n## Agenda\n\n` +
          `- Sprint review and status of the ${team} roadmap\n- Action items from the last team meeting\n\n## Minutes\n\n` +
          `The team agreed to ship the ${team} release in ${month}. Action item ${n}: Ben prepares the retrospective.\n`,
      };
    }
    default:
      return {
        path: `energy/electricity-bill-${n}.txt`,
        content:
          `Stadtwerke Nord - Electricity bill ${month} 2026 (${tag} customer ${n})\n\nMeter reading: ${12_000 + index * 31} kWh\n` +
          `Consumption this period: ${240 + index} kWh at 0.32 EUR per kWh\nBasic charge: 11.90 EUR\nEnergy supplier tariff: green power\n`,
      };
  }
}

/** Writes `count` distinct documents under `UNSORTED/<tag>/` and returns them. */
export function fillInbox(unsortedDir: string, tag: string, count: number): InboxFile[] {
  const files: InboxFile[] = [];
  for (let index = 0; index < count; index++) {
    const { path, content } = document(tag, index);
    const relative = `${tag}/${path}`;
    mkdirSync(dirname(join(unsortedDir, relative)), { recursive: true });
    writeFileSync(join(unsortedDir, relative), content);
    files.push({ path: relative, hash: contentHash(content) });
  }
  return files;
}

/**
 * `count` invoices laid out the way many are — "INVOICE" on the first line —
 * so the classifier titles every note "INVOICE" and they share one folder.
 */
export function fillSameTitleInvoices(unsortedDir: string, tag: string, count: number): InboxFile[] {
  const files: InboxFile[] = [];
  for (let index = 0; index < count; index++) {
    const n = String(index).padStart(3, '0');
    const vendor = VENDORS[index % VENDORS.length];
    const content =
      `INVOICE\n\n${vendor}\nInvoice number ${tag.toUpperCase()}-${n}\nInvoice date: 3 ${MONTHS[index % 12]} 2026\n\n` +
      `Net amount: ${(80 + index).toFixed(2)} EUR\nAmount due: ${((80 + index) * 1.19).toFixed(2)} EUR, payable by bank transfer within 14 days.\n`;
    const relative = `${tag}/invoice-${n}.txt`;
    mkdirSync(dirname(join(unsortedDir, relative)), { recursive: true });
    writeFileSync(join(unsortedDir, relative), content);
    files.push({ path: relative, hash: contentHash(content) });
  }
  return files;
}

export function contentHash(content: string | Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}
