#!/usr/bin/env node
/**
 * Writes the PDF and DOCX files of the demo's UNSORTED folder
 * (examples/demo/unsorted/). The generated files are committed; run this
 * only to change them. Its two libraries are deliberately NOT workspace
 * dependencies — install them in a throwaway folder and run the script from
 * there (it loads them from the current directory):
 *
 *   mkdir -p /tmp/emm-docgen && cd /tmp/emm-docgen
 *   npm init -y >/dev/null && npm install pdfkit@0.17 docx@9
 *   node /path/to/repo/examples/demo/tools/generate-documents.mjs
 *
 * Every document is described once as a list of blocks (headings,
 * paragraphs, label/value lines, tables, lists) and rendered to PDF (pdfkit,
 * standard Helvetica, so the text stays extractable) or DOCX (docx). Dates
 * inside the files are fixed, so a re-run only changes what was edited here.
 * All people, companies, numbers and addresses are invented; e-mail and web
 * addresses use the reserved example domains.
 */
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(process.cwd(), 'package.json'));
const PDFDocument = require('pdfkit');
const docx = require('docx');
// docx's own zip library; used to pin the timestamps docx writes.
const fflate = require(require.resolve('fflate', { paths: [require.resolve('docx')] }));

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'unsorted');
const FIXED_DATE = new Date('2026-11-15T10:00:00Z');

// ---- documents ----------------------------------------------------------------

const money = (n) => n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The October statement: rows carry a running balance computed here, so the sums add up. */
function statementRows() {
  const opening = 2314.67;
  const moves = [
    ['01 Oct', 'DD HARROW & PIKE LETTINGS RENT', -1150.0],
    ['02 Oct', 'CARD 4417 GREENGROCER MARKET ST', -23.4],
    ['03 Oct', 'DD LUMEN ENERGY LE-7730215', -86.0],
    ['06 Oct', 'CARD 4417 MILLBROOK MOTORS', -214.5],
    ['08 Oct', 'DD KESTREL MUTUAL INS HC-448812', -14.02],
    ['09 Oct', 'CONTACTLESS BEAN & BARLEY CAFE', -4.8],
    ['12 Oct', 'DD FIBRELINK BROADBAND', -32.0],
    ['14 Oct', 'FPI R OYELARAN SHARE OF DINNER', 36.5],
    ['17 Oct', 'CARD 4417 EASTFIELD SUPERSTORE', -71.63],
    ['21 Oct', 'DD STREAMBOX MONTHLY', -10.99],
    ['24 Oct', 'CARD 4417 RAILCO TICKETS', -48.2],
    ['28 Oct', 'BGC HALDEN LOGISTICS SALARY', 3412.9],
    ['30 Oct', 'SO J THORNTON SAVER 88231907', -400.0],
    ['31 Oct', 'INTEREST PAID', 0.38],
  ];
  let balance = opening;
  let paidIn = 0;
  let paidOut = 0;
  const rows = [['01 Oct', 'Balance brought forward', '', '', money(opening)]];
  for (const [date, text, amount] of moves) {
    balance = Math.round((balance + amount) * 100) / 100;
    if (amount < 0) paidOut += -amount;
    else paidIn += amount;
    rows.push([date, text, amount < 0 ? money(-amount) : '', amount > 0 ? money(amount) : '', money(balance)]);
  }
  rows.push(['31 Oct', 'Balance carried forward', '', '', money(balance)]);
  return { opening, closing: balance, paidIn: Math.round(paidIn * 100) / 100, paidOut: Math.round(paidOut * 100) / 100, rows };
}

const statement = statementRows();

const documents = [
  {
    file: '2026-10 Statement - Northwind Bank.pdf',
    info: { Title: 'Current Account Statement October 2026', Author: 'Northwind Bank plc' },
    blocks: [
      { kind: 'small', text: 'Northwind Bank plc · PO Box 4410 · Harbourton HB9 1NW · northwind-bank.example.com' },
      { kind: 'h1', text: 'Current Account Statement' },
      { kind: 'lines', lines: ['Mr Jamie Thornton', 'Flat 27, Alder Court', 'Eastfield EF4 2RT'] },
      {
        kind: 'kv',
        pairs: [
          ['Account', 'Everyday Current Account'],
          ['Sort code / Account number', '40-12-76 / 31926458'],
          ['IBAN', 'GB71 NWND 4012 7631 9264 58'],
          ['BIC', 'NWNDGB2L'],
          ['Statement period', '1 October 2026 to 31 October 2026 (sheet 118)'],
        ],
      },
      {
        kind: 'kv',
        pairs: [
          ['Opening balance', `£${money(statement.opening)}`],
          ['Money in', `£${money(statement.paidIn)}`],
          ['Money out', `£${money(statement.paidOut)}`],
          ['Closing balance', `£${money(statement.closing)}`],
        ],
      },
      { kind: 'table', widths: [50, 215, 70, 70, 80], head: ['Date', 'Description', 'Paid out', 'Paid in', 'Balance'], rows: statement.rows },
      { kind: 'p', text: 'Your arranged overdraft limit is £500.00. You did not use your overdraft during this statement period, so no overdraft interest is due.' },
      { kind: 'small', text: 'If a payment on this statement looks wrong, tell us within 13 months. Eligible deposits are protected by the deposit guarantee scheme up to £85,000 per person.' },
    ],
  },
  {
    file: 'Invoice INV-20417 - Brightline Web Studio.pdf',
    info: { Title: 'Invoice INV-20417', Author: 'Brightline Web Studio' },
    blocks: [
      { kind: 'lines', lines: ['Brightline Web Studio', '4 Quay Street, Harbourton HB1 3QS', 'hello@brightline.example.com · VAT reg. no. GB 903 4417 26'] },
      { kind: 'h1', text: 'INVOICE' },
      {
        kind: 'kv',
        pairs: [
          ['Invoice number', 'INV-20417'],
          ['Invoice date', '3 November 2026'],
          ['Due date', '17 November 2026'],
          ['Bill to', 'Jamie Thornton, Flat 27, Alder Court, Eastfield EF4 2RT'],
          ['Customer reference', 'Portfolio site 2026'],
        ],
      },
      {
        kind: 'table',
        widths: [245, 50, 80, 90],
        head: ['Description', 'Qty', 'Unit price', 'Amount'],
        rows: [
          ['Portfolio website redesign: three page templates', '1', '650.00', '650.00'],
          ['Hosting set-up and DNS migration', '1', '120.00', '120.00'],
          ['Content edits (hours)', '2.5', '48.00', '120.00'],
          ['', '', 'Subtotal', '890.00'],
          ['', '', 'VAT 20%', '178.00'],
          ['', '', 'Amount due', '£1,068.00'],
        ],
      },
      { kind: 'p', text: 'Payment terms: payable within 14 days of the invoice date by bank transfer. Please quote the invoice number INV-20417 as your payment reference.' },
      { kind: 'kv', pairs: [['Account name', 'Brightline Web Studio Ltd'], ['Sort code', '60-44-18'], ['Account number', '70219934']] },
      { kind: 'small', text: 'Thank you for your business. Late payments may incur interest at 8% above the base rate.' },
    ],
  },
  {
    file: 'Payslip_2026-10_HaldenLogistics.pdf',
    info: { Title: 'Payslip October 2026', Author: 'Halden Logistics Ltd Payroll' },
    blocks: [
      { kind: 'h1', text: 'Halden Logistics Ltd — Payslip' },
      {
        kind: 'kv',
        pairs: [
          ['Employee', 'Jamie Thornton (no. 00417)'],
          ['Department', 'Platform Operations'],
          ['NI number', 'QQ 12 34 56 C'],
          ['Tax code', '1257L'],
          ['Pay period', 'Month 7 — October 2026'],
          ['Pay date', '28/10/2026'],
        ],
      },
      {
        kind: 'table',
        widths: [200, 90, 175],
        head: ['Payments', 'Amount', 'Year to date'],
        rows: [
          ['Basic salary', '4,375.00', '30,625.00'],
          ['On-call allowance', '250.00', '1,500.00'],
          ['Gross pay', '4,625.00', '32,125.00'],
        ],
      },
      {
        kind: 'table',
        widths: [200, 90, 175],
        head: ['Deductions', 'Amount', 'Year to date'],
        rows: [
          ['Income tax (PAYE)', '698.40', '4,888.80'],
          ['National Insurance', '253.70', '1,775.90'],
          ['Pension — employee 5%', '218.75', '1,531.25'],
          ['Cycle to work scheme', '41.25', '288.75'],
          ['Total deductions', '1,212.10', '8,484.70'],
        ],
      },
      { kind: 'kv', pairs: [['Net pay', '£3,412.90'], ['Paid to', 'Northwind Bank ****6458']] },
      { kind: 'small', text: 'Employer pension contribution this period: £306.25. Questions about your pay? payroll@halden-logistics.example.com' },
    ],
  },
  {
    file: 'Notice of assessment 2025-26.pdf',
    info: { Title: 'Notice of assessment — tax year 2025 to 2026', Author: 'National Revenue Service' },
    blocks: [
      { kind: 'small', text: 'National Revenue Service · Self Assessment · Freepost NRS 7 · revenue.example.org' },
      { kind: 'lines', lines: ['Mr J Thornton', 'Flat 27, Alder Court', 'Eastfield EF4 2RT', '', 'Date: 2 November 2026', 'Unique Taxpayer Reference: 48120 93377'] },
      { kind: 'h1', text: 'Notice of assessment — tax year 6 April 2025 to 5 April 2026' },
      { kind: 'p', text: 'Dear Mr Thornton, we have processed the tax return you filed online on 19 October 2026. This notice shows how we worked out your tax for the year and what you still owe.' },
      {
        kind: 'table',
        widths: [330, 135],
        head: ['Your tax calculation', '£'],
        rows: [
          ['Pay from employment (Halden Logistics Ltd)', '52,960.00'],
          ['Self-employment profit (web consulting)', '6,840.00'],
          ['Savings interest', '1,440.00'],
          ['Total income', '61,240.00'],
          ['Less personal allowance', '12,570.00'],
          ['Income tax charged', '12,108.00'],
          ['Less tax deducted through PAYE', '11,695.20'],
          ['Balance to pay', '412.80'],
        ],
      },
      { kind: 'p', text: 'Please pay the balance of £412.80 by 31 January 2027. If you pay late we will charge interest, and a penalty may apply.' },
      { kind: 'p', text: 'If you think this assessment is wrong, you can ask us to look at it again or appeal within 30 days of the date of this notice. Quote your Unique Taxpayer Reference in all correspondence.' },
    ],
  },
  {
    file: 'Policy schedule - Home contents HC-448812.pdf',
    info: { Title: 'Home Contents Insurance — Policy Schedule', Author: 'Kestrel Mutual Insurance' },
    blocks: [
      { kind: 'small', text: 'Kestrel Mutual Insurance · Riverside House, Harbourton HB2 8KM · kestrel-mutual.example.com' },
      { kind: 'h1', text: 'Home Contents Insurance — Policy Schedule' },
      {
        kind: 'kv',
        pairs: [
          ['Policyholder', 'Jamie Thornton'],
          ['Policy number', 'HC-448812'],
          ['Insured address', 'Flat 27, Alder Court, Eastfield EF4 2RT'],
          ['Period of cover', '14 September 2026 to 13 September 2027'],
          ['Type of home', 'Purpose-built flat, second floor, rented'],
        ],
      },
      {
        kind: 'table',
        widths: [265, 200],
        head: ['Cover', 'Limit'],
        rows: [
          ['Contents sum insured', '£35,000'],
          ['Personal possessions away from the home', '£2,500'],
          ['Bicycles (named: Ribble road bike)', '£1,200'],
          ['Accidental damage to contents', 'Included'],
          ["Tenant's liability", '£5,000'],
          ['Legal expenses', 'Not included'],
        ],
      },
      { kind: 'kv', pairs: [['Standard excess', '£100'], ['Escape of water excess', '£250'], ['Annual premium', '£168.24 (12 monthly direct debits of £14.02)']] },
      { kind: 'p', text: 'This schedule forms part of your policy. Please read it together with your policy booklet and tell us straight away if anything here is wrong, for example if you move home or buy high-value items. To make a claim call our claims line or use the online claim form; have your policy number ready.' },
    ],
  },
  {
    file: 'Lumen Energy bill - October 2026.pdf',
    info: { Title: 'Your energy bill', Author: 'Lumen Energy' },
    blocks: [
      { kind: 'small', text: 'Lumen Energy Ltd · lumen-energy.example.com · Account number LE-7730215' },
      { kind: 'h1', text: 'Your energy bill' },
      { kind: 'kv', pairs: [['Bill date', '5 November 2026'], ['Billing period', '1 October 2026 – 31 October 2026'], ['Supply address', 'Flat 27, Alder Court, Eastfield EF4 2RT'], ['Your tariff', 'Lumen Fixed Saver (ends November 2027)']] },
      {
        kind: 'table',
        widths: [215, 120, 130],
        head: ['Electricity', 'Usage', 'Cost'],
        rows: [
          ['Meter E19K30214: previous reading (actual)', '18,442', ''],
          ['Latest reading (actual, 31 Oct)', '18,671', ''],
          ['Units used at 24.50p per kWh', '229 kWh', '£56.11'],
          ['Standing charge 31 days at 53.35p', '', '£16.54'],
        ],
      },
      {
        kind: 'table',
        widths: [215, 120, 130],
        head: ['Gas', 'Usage', 'Cost'],
        rows: [
          ['Meter G4471902: 38.2 cubic metres converted', '412 kWh', ''],
          ['Energy at 6.24p per kWh', '', '£25.71'],
          ['Standing charge 31 days at 31.43p', '', '£9.74'],
        ],
      },
      { kind: 'kv', pairs: [['Total energy charges', '£108.10'], ['VAT at 5%', '£5.41'], ['Total for this period', '£113.51'], ['Direct debit collected 3 Oct', '£86.00'], ['Balance owed', '£27.51']] },
      { kind: 'p', text: 'Your monthly direct debit stays at £86.00; we will review it in January when winter heating raises your usage. Send us a meter reading each month so your bills are never estimated.' },
    ],
  },
  {
    file: 'Tenancy agreement - 27 Alder Court.pdf',
    info: { Title: 'Assured Shorthold Tenancy Agreement', Author: 'Harrow & Pike Lettings' },
    blocks: [
      { kind: 'h1', text: 'Assured Shorthold Tenancy Agreement' },
      { kind: 'p', text: 'This agreement is made on 20 January 2026 between the Landlord and the Tenant named below for the letting of the Property.' },
      {
        kind: 'kv',
        pairs: [
          ['Landlord', 'Mr Daniel Pike, c/o Harrow & Pike Lettings, 9 Station Parade, Eastfield EF1 4AA'],
          ['Tenant', 'Jamie Thornton'],
          ['Property', 'Flat 27, Alder Court, Eastfield EF4 2RT, with fixtures, fittings and furniture listed in the inventory'],
          ['Term', '12 months starting on 1 February 2026'],
          ['Rent', '£1,150.00 per calendar month, payable in advance on the 1st of each month'],
          ['Deposit', '£1,326.92, protected in a government-approved tenancy deposit scheme within 30 days'],
        ],
      },
      { kind: 'h2', text: '1. The Tenant agrees' },
      {
        kind: 'list',
        items: [
          'to pay the rent on time by standing order or direct debit;',
          'to pay council tax, energy, water, broadband and TV licence for the Property;',
          'to keep the Property clean and in good condition and to report any repair needed promptly;',
          'not to sublet, keep pets or smoke in the Property without the written consent of the Landlord;',
          'to allow the Landlord or agent access for inspections and repairs with 24 hours written notice.',
        ],
      },
      { kind: 'h2', text: '2. The Landlord agrees' },
      {
        kind: 'list',
        items: [
          'to keep the structure, exterior, boiler, heating and hot water installations in repair;',
          'to provide a valid gas safety certificate and electrical installation report;',
          'to let the Tenant live in the Property quietly without interruption.',
        ],
      },
      { kind: 'h2', text: '3. Ending the tenancy' },
      { kind: 'p', text: 'Either party may end this tenancy after the first six months by giving at least two months notice in writing (break clause). At the end of the tenancy the deposit is returned within ten days of agreeing any deductions for damage beyond fair wear and tear.' },
      { kind: 'page' },
      { kind: 'h2', text: 'Signatures' },
      { kind: 'lines', lines: ['Signed by the Landlord: D. Pike          Date: 20/01/2026', 'Signed by the Tenant: J. Thornton          Date: 20/01/2026', 'Witness: H. Ahmadi, Harrow & Pike Lettings'] },
    ],
  },
  {
    file: 'DW-4500 dishwasher user manual.pdf',
    info: { Title: 'Vantor DW-4500 Dishwasher — User Manual', Author: 'Vantor Home Appliances' },
    blocks: [
      { kind: 'h1', text: 'Vantor DW-4500 Freestanding Dishwasher' },
      { kind: 'p', text: 'User manual · Model number DW-4500W · 13 place settings. Please read these instructions before installing and using the appliance, and keep them for future reference.' },
      { kind: 'h2', text: 'Installation' },
      { kind: 'list', items: ['Connect the inlet hose to a cold water tap with a 3/4" thread; water pressure 0.04–1 MPa.', 'Hang the drain hose no higher than 100 cm above the floor.', 'Level the appliance with the adjustable feet before first use.', 'Fill the salt container with 1.5 kg of dishwasher salt and set the water hardness.'] },
      { kind: 'h2', text: 'Programmes' },
      {
        kind: 'table',
        widths: [110, 200, 70, 85],
        head: ['Programme', 'Use for', 'Temp.', 'Duration'],
        rows: [
          ['Eco', 'Normally soiled dishes, lowest energy', '50 °C', '3:35 h'],
          ['Auto', 'Sensor chooses the cycle', '45–65 °C', '1:30–2:40 h'],
          ['Intensive', 'Pans, burnt-on food', '70 °C', '2:50 h'],
          ['Quick', 'Lightly soiled, no pre-rinse', '40 °C', '0:35 h'],
        ],
      },
      { kind: 'h2', text: 'Cleaning the filter' },
      { kind: 'p', text: 'Twist the cylindrical filter anticlockwise, lift it out and rinse it under running water once a week. Put it back and turn it clockwise until it clicks.' },
      { kind: 'page' },
      { kind: 'h2', text: 'Troubleshooting' },
      {
        kind: 'table',
        widths: [90, 170, 205],
        head: ['Display', 'Cause', 'What to do'],
        rows: [
          ['E1', 'No water comes in', 'Open the tap fully; check the inlet hose is not kinked'],
          ['E4', 'Overflow protection', 'Switch off, close the tap, call service'],
          ['E9', 'Door not closed', 'Close the door until it clicks'],
          ['—', 'Dishes not clean', 'Clean the filter; load less; use the Intensive programme'],
          ['—', 'White film on glasses', 'Refill rinse aid; raise the hardness setting'],
        ],
      },
      { kind: 'h2', text: 'Technical specifications' },
      { kind: 'kv', pairs: [['Dimensions (H × W × D)', '845 × 598 × 600 mm'], ['Noise', '44 dB(A)'], ['Energy per Eco cycle', '0.85 kWh'], ['Water per Eco cycle', '9.5 litres'], ['Power supply', '220–240 V, 50 Hz, 10 A']] },
      { kind: 'small', text: 'Warranty: 2 years from the date of purchase; register your appliance at vantor.example.com/register and keep your proof of purchase.' },
    ],
  },
  {
    file: 'Annual pension statement 2026 - Harbour Pensions.pdf',
    info: { Title: 'Your annual pension statement 2026', Author: 'Harbour Pensions' },
    blocks: [
      { kind: 'small', text: 'Harbour Pensions · harbour-pensions.example.com' },
      { kind: 'h1', text: 'Your annual pension statement' },
      { kind: 'kv', pairs: [['Member', 'Jamie Thornton'], ['Member number', 'HP-2209183'], ['Plan', 'Halden Logistics Group Personal Pension'], ['Statement date', '5 April 2026'], ['Selected retirement age', '67']] },
      {
        kind: 'table',
        widths: [300, 165],
        head: ['Your pension pot', '£'],
        rows: [
          ['Value on 6 April 2025', '40,902.11'],
          ['Your contributions', '2,625.00'],
          ['Your employer’s contributions', '3,675.00'],
          ['Investment growth', '1,812.43'],
          ['Charges', '-298.22'],
          ['Value on 5 April 2026', '48,716.32'],
        ],
      },
      { kind: 'p', text: 'Your money is invested in the Harbour Lifestyle Growth Fund. Ten years before your selected retirement age we will start moving it gradually into lower-risk investments.' },
      { kind: 'h2', text: 'What you might get when you retire' },
      { kind: 'p', text: 'If you and your employer keep paying in at today’s rate, your projected retirement income from age 67 is about £9,400 a year in today’s money, for example by buying an annuity. This is an estimate, not a guarantee: the value of investments can go down as well as up.' },
      { kind: 'small', text: 'Want to change how much you pay in or review where it is invested? Log in to your account or speak to a financial adviser.' },
    ],
  },
  {
    file: 'scan_0042.pdf',
    info: { Title: 'scan_0042', Author: 'MFP-2210' },
    blocks: [
      { kind: 'small', text: 'MFP-2210 · 14/11/2026 09:12 · page 1/1' },
      { kind: 'p', text: 'Please sign and return the enclosed copy.' },
      { kind: 'small', text: 'Ref. 0042/B' },
    ],
  },

  // ---- DOCX --------------------------------------------------------------------
  {
    file: 'CV - Jamie Thornton 2026.docx',
    info: { Title: 'Jamie Thornton — CV', Author: 'Jamie Thornton' },
    blocks: [
      { kind: 'h1', text: 'Jamie Thornton' },
      { kind: 'p', text: 'Site Reliability Engineer · Eastfield · jamie.thornton@example.com · +44 7700 900417' },
      { kind: 'h2', text: 'Profile' },
      { kind: 'p', text: 'Site reliability engineer with eight years of experience running logistics platforms on Kubernetes. I like boring, well-documented systems, calm incident response and teaching others to be on call.' },
      { kind: 'h2', text: 'Experience' },
      { kind: 'p', text: 'Senior Site Reliability Engineer — Halden Logistics Ltd, 2022–present' },
      { kind: 'list', items: ['Led the move of 40 services to Kubernetes with zero-downtime rollouts.', 'Cut paging alerts by 60% by rewriting alert rules around service level objectives.', 'Introduced blameless postmortems and an on-call handbook for three teams.'] },
      { kind: 'p', text: 'Systems Engineer — Parcelway Systems, 2018–2022' },
      { kind: 'list', items: ['Automated server provisioning with Terraform and Ansible.', 'Ran the 24/7 on-call rotation for the tracking API.'] },
      { kind: 'h2', text: 'Education' },
      { kind: 'p', text: 'BSc (Hons) Computer Science, University of Harbourton, 2014–2017 — First class' },
      { kind: 'h2', text: 'Skills' },
      { kind: 'p', text: 'Kubernetes, Helm, Terraform, Prometheus, Grafana, PostgreSQL, Redis, TypeScript, Python, Go, Linux.' },
      { kind: 'p', text: 'References available on request.' },
    ],
  },
  {
    file: 'Service record - Fiesta EX17 DMO.docx',
    info: { Title: 'Vehicle service record', Author: 'Millbrook Motors' },
    blocks: [
      { kind: 'h1', text: 'Millbrook Motors — Vehicle Service Record' },
      { kind: 'kv', pairs: [['Customer', 'J. Thornton'], ['Vehicle', 'Ford Fiesta 1.0 EcoBoost, 2017, silver'], ['Registration', 'EX17 DMO'], ['Mileage at service', '58,214'], ['Date', '6 October 2026'], ['Job card', 'MM-30871']] },
      { kind: 'h2', text: 'Work carried out — full service' },
      {
        kind: 'table',
        widths: [300, 165],
        head: ['Item', 'Price (£)'],
        rows: [
          ['Engine oil and oil filter change (5W-20, 4.1 l)', '68.00'],
          ['Air filter and pollen filter replaced', '42.50'],
          ['Front brake pads replaced', '74.00'],
          ['Brake fluid checked, tyres checked and inflated', '0.00'],
          ['Labour', '30.00'],
          ['Total paid (card)', '214.50'],
        ],
      },
      { kind: 'h2', text: 'Inspection notes' },
      { kind: 'list', items: ['Tyre tread: front 4 mm, rear 3 mm — rear tyres will need replacing within about 6,000 miles.', 'Wiper blades worn, advised.', 'Annual roadworthiness inspection (MOT) due 14 February 2027.', 'Next service due at 68,000 miles or October 2027, whichever comes first.'] },
      { kind: 'p', text: 'Service book stamped. Thank you for choosing Millbrook Motors, Unit 3, Millbrook Trading Estate, Eastfield.' },
    ],
  },
  {
    file: 'Q4 planning meeting notes 2026-10-06.docx',
    info: { Title: 'Platform team — Q4 planning meeting', Author: 'Jamie Thornton' },
    blocks: [
      { kind: 'h1', text: 'Platform team — Q4 planning meeting' },
      { kind: 'kv', pairs: [['Date', 'Tuesday 6 October 2026, 10:00–11:00'], ['Attendees', 'Jamie Thornton, Ruth Oyelaran (chair), Marek Novak, Sofia Lindqvist, Tom Achebe'], ['Apologies', 'Chen Wei']] },
      { kind: 'h2', text: 'Agenda' },
      { kind: 'list', items: ['Review of Q3 actions', 'Q4 priorities and capacity', 'On-call rota over the holidays', 'AOB'] },
      { kind: 'h2', text: 'Minutes' },
      { kind: 'p', text: 'Ruth opened the meeting and went through the actions from the last team meeting: the Redis upgrade is done, the log retention change is still waiting for sign-off from security.' },
      { kind: 'p', text: 'The team agreed on three priorities for the quarter: finish moving the depot scanners to the new queue, cut alert noise on the tracking API, and write the missing runbooks for the warehouse sync. Marek raised that two people are on leave in December, so the quarter has about 70% of normal capacity.' },
      { kind: 'p', text: 'Holiday on-call: Sofia and Tom swap weeks 51 and 52; Jamie covers 1 January.' },
      { kind: 'h2', text: 'Action items' },
      {
        kind: 'table',
        widths: [270, 100, 95],
        head: ['Action', 'Owner', 'Due'],
        rows: [
          ['Chase security about log retention sign-off', 'Ruth', '13 Oct'],
          ['Draft warehouse sync runbook', 'Jamie', '27 Oct'],
          ['Publish holiday on-call rota', 'Sofia', '20 Oct'],
        ],
      },
      { kind: 'p', text: 'Next meeting: Tuesday 3 November, same time.' },
    ],
  },
  {
    file: 'Letter - cardiology follow-up appointment.docx',
    info: { Title: 'Outpatient appointment letter', Author: "St Aldric's Hospital" },
    blocks: [
      { kind: 'lines', lines: ["St Aldric's Hospital", 'Cardiology Outpatients, Level 2, East Wing', 'Eastfield EF2 6HQ', '', 'Hospital number: SAH 0991274', 'Date: 9 November 2026'] },
      { kind: 'lines', lines: ['Mr Jamie Thornton', 'Flat 27, Alder Court', 'Eastfield EF4 2RT'] },
      { kind: 'p', text: 'Dear Mr Thornton,' },
      { kind: 'h2', text: 'Your outpatient appointment' },
      { kind: 'p', text: 'Your GP, Dr Adaeze Okafor at Eastfield Health Centre, has referred you to the cardiology clinic after your ECG and blood test results in October. We have booked an appointment for you to discuss these results and the next steps in your care.' },
      { kind: 'kv', pairs: [['Clinic', 'Cardiology — Dr M. Hartley, consultant cardiologist'], ['Date and time', 'Thursday 3 December 2026 at 14:20'], ['Where', 'Cardiology Outpatients, Level 2, East Wing']] },
      { kind: 'p', text: 'Please arrive 15 minutes early and bring a list of any medication you take. You may be asked to wear a heart monitor for 24 hours after the appointment, so wear loose, comfortable clothing. There is no need to fast.' },
      { kind: 'p', text: 'If you cannot attend, please call the appointments team at least 48 hours in advance so we can offer the slot to another patient.' },
      { kind: 'p', text: 'Yours sincerely,' },
      { kind: 'p', text: 'Outpatient Appointments Team' },
    ],
  },
  {
    file: 'Self assessment - 2026 mid-year review.docx',
    info: { Title: 'Mid-year performance review 2026 — self assessment', Author: 'Jamie Thornton' },
    blocks: [
      { kind: 'h1', text: 'Mid-year performance review 2026 — self assessment' },
      { kind: 'kv', pairs: [['Name', 'Jamie Thornton'], ['Role', 'Senior Site Reliability Engineer'], ['Manager', 'Ruth Oyelaran'], ['Review period', 'January – June 2026']] },
      { kind: 'h2', text: 'Objectives and progress' },
      {
        kind: 'table',
        widths: [190, 90, 185],
        head: ['Objective', 'Status', 'Evidence'],
        rows: [
          ['Reduce paging alerts on the tracking API by 50%', 'Exceeded', 'Pages down from 41 to 16 a month since March'],
          ['Write runbooks for every tier-1 service', 'On track', '9 of 12 published'],
          ['Mentor a junior engineer onto the on-call rota', 'Done', 'Tom joined the rota in May'],
        ],
      },
      { kind: 'h2', text: 'What went well' },
      { kind: 'p', text: 'The alerting rework landed early and the team now trusts the pager again. Running the incident review training was the part of the half I enjoyed most.' },
      { kind: 'h2', text: 'What I want to improve' },
      { kind: 'p', text: 'I take on too many small requests and my own objectives slip. For the second half I will protect two focus days a week and say no more often.' },
      { kind: 'h2', text: 'Development goals' },
      { kind: 'list', items: ['Attend a course on capacity planning.', 'Lead the Q4 architecture review of the depot scanner queue.'] },
      { kind: 'p', text: 'Overall self-rating: exceeds expectations. To be discussed with my manager in the appraisal meeting on 14 July.' },
    ],
  },
  {
    file: 'Claim form - stolen bicycle.docx',
    info: { Title: 'Claim form — theft', Author: 'Kestrel Mutual Insurance' },
    blocks: [
      { kind: 'h1', text: 'Kestrel Mutual — Contents claim form: theft' },
      { kind: 'kv', pairs: [['Policy number', 'HC-448812'], ['Claim number', 'CLM-2026-118734 (given by phone on 2 Nov)'], ['Policyholder', 'Jamie Thornton'], ['Date and time of loss', '1 November 2026, between 18:30 and 21:00']] },
      { kind: 'h2', text: 'What happened' },
      { kind: 'p', text: 'My road bike was locked to the bicycle stand outside Eastfield station with a D-lock. When I came back the lock had been cut and the bike was gone. I reported the theft to the police the same evening (crime reference EF/26/44019).' },
      { kind: 'h2', text: 'Items claimed' },
      {
        kind: 'table',
        widths: [230, 110, 125],
        head: ['Item', 'Bought', 'Replacement cost'],
        rows: [
          ['Ribble Endurance road bike, frame no. RB7730Q', 'March 2024', '£1,150.00'],
          ['Kryptonite-style D-lock (cut)', '2024', '£45.00'],
        ],
      },
      { kind: 'p', text: 'Proof of ownership attached: original receipt and photo of the frame number. The bicycle is named on my policy schedule with a limit of £1,200. I understand the standard excess of £100 applies to this claim.' },
      { kind: 'h2', text: 'Declaration' },
      { kind: 'p', text: 'I declare that the information I have given is true and complete to the best of my knowledge. Signed: J. Thornton, 3 November 2026.' },
    ],
  },
  {
    file: 'Annual leave request - December.docx',
    info: { Title: 'Annual leave request', Author: 'Jamie Thornton' },
    blocks: [
      { kind: 'h1', text: 'Annual leave request' },
      { kind: 'kv', pairs: [['Employee', 'Jamie Thornton (00417)'], ['Team', 'Platform Operations'], ['Line manager', 'Ruth Oyelaran'], ['Leave type', 'Annual leave (paid holiday)'], ['From', 'Monday 21 December 2026'], ['To (inclusive)', 'Thursday 31 December 2026'], ['Working days requested', '7 (Christmas Day and the Boxing Day substitute holiday excluded)']] },
      { kind: 'kv', pairs: [['Entitlement this year', '27 days'], ['Taken so far', '17 days'], ['Remaining after this request', '3 days (up to 5 may be carried over)']] },
      { kind: 'p', text: 'Cover: Sofia Lindqvist takes my on-call week 51; handover notes will be on the team page by 18 December. I am reachable by phone for emergencies only.' },
      { kind: 'p', text: 'Employee signature: J. Thornton        Date: 2 November 2026' },
      { kind: 'p', text: 'Approved by line manager: ____________________    Date: __________' },
    ],
  },
  {
    file: 'Cover letter template.docx',
    info: { Title: 'Cover letter template', Author: 'Jamie Thornton' },
    blocks: [
      { kind: 'h1', text: 'Cover letter — template' },
      { kind: 'p', text: 'A reusable cover letter. Replace everything in [square brackets]; keep it to one page.' },
      { kind: 'lines', lines: ['[Your name]', '[Address] · [Phone] · [E-mail]', '', '[Date]', '', '[Hiring manager name]', '[Company]', '[Company address]'] },
      { kind: 'p', text: 'Dear [Hiring manager name],' },
      { kind: 'p', text: 'I am writing to apply for the [job title] role at [Company], advertised on [where you saw it]. [One sentence on why this company and this role.]' },
      { kind: 'p', text: 'In my current role at [current employer] I [biggest relevant achievement, with a number]. Before that I [second achievement]. [Link each one to a requirement from the advert.]' },
      { kind: 'p', text: 'I would welcome the chance to talk about how I could help [team or goal from the advert]. My CV is attached, and I am available for an interview [availability].' },
      { kind: 'p', text: 'Yours sincerely,' },
      { kind: 'p', text: '[Your name]' },
    ],
  },
];

// ---- renderers -------------------------------------------------------------------

function renderPdf(document) {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: 56, info: { ...document.info, Producer: 'EMM demo generator', CreationDate: FIXED_DATE, ModDate: FIXED_DATE } });
    const chunks = [];
    pdf.on('data', (chunk) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    const left = pdf.page.margins.left;
    const width = pdf.page.width - left - pdf.page.margins.right;
    for (const block of document.blocks) {
      switch (block.kind) {
        case 'h1':
          pdf.moveDown(0.5).font('Helvetica-Bold').fontSize(17).text(block.text, left, undefined, { width }).moveDown(0.4);
          break;
        case 'h2':
          pdf.moveDown(0.4).font('Helvetica-Bold').fontSize(12).text(block.text, left, undefined, { width }).moveDown(0.2);
          break;
        case 'p':
          pdf.font('Helvetica').fontSize(10).text(block.text, left, undefined, { width }).moveDown(0.5);
          break;
        case 'small':
          pdf.font('Helvetica').fontSize(8).fillColor('#555555').text(block.text, left, undefined, { width }).fillColor('black').moveDown(0.5);
          break;
        case 'lines':
          pdf.font('Helvetica').fontSize(10);
          for (const line of block.lines) pdf.text(line === '' ? ' ' : line, left, undefined, { width });
          pdf.moveDown(0.6);
          break;
        case 'kv':
          for (const [key, value] of block.pairs) {
            const y = pdf.y;
            pdf.font('Helvetica-Bold').fontSize(10).text(`${key}:`, left, y, { width: 160 });
            const afterKey = pdf.y;
            pdf.font('Helvetica').text(value, left + 165, y, { width: width - 165 });
            pdf.y = Math.max(pdf.y, afterKey);
          }
          pdf.moveDown(0.6);
          break;
        case 'list':
          pdf.font('Helvetica').fontSize(10).list(block.items, left + 6, undefined, { width: width - 6, bulletRadius: 2 }).moveDown(0.5);
          break;
        case 'table':
          pdfTable(pdf, left, block);
          pdf.moveDown(0.6);
          break;
        case 'page':
          pdf.addPage();
          break;
        default:
          throw new Error(`unknown block ${block.kind}`);
      }
    }
    pdf.end();
  });
}

function pdfTable(pdf, left, { widths, head, rows }) {
  const drawRow = (cells, bold) => {
    const y = pdf.y;
    let x = left;
    let bottom = y;
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    cells.forEach((cell, i) => {
      pdf.text(cell, x + 2, y, { width: widths[i] - 4 });
      bottom = Math.max(bottom, pdf.y);
      x += widths[i];
    });
    pdf.y = bottom + 3;
  };
  drawRow(head, true);
  const total = widths.reduce((a, b) => a + b, 0);
  pdf.moveTo(left, pdf.y - 2).lineTo(left + total, pdf.y - 2).lineWidth(0.5).stroke();
  for (const row of rows) drawRow(row, false);
  pdf.x = left;
}

function renderDocx(document) {
  const { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = docx;
  const children = [];
  for (const block of document.blocks) {
    switch (block.kind) {
      case 'h1':
        children.push(new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_1 }));
        break;
      case 'h2':
        children.push(new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_2 }));
        break;
      case 'p':
      case 'small':
        children.push(new Paragraph({ children: [new TextRun({ text: block.text, size: block.kind === 'small' ? 16 : 22 })] }));
        break;
      case 'lines':
        children.push(new Paragraph({ children: block.lines.map((line, i) => new TextRun({ text: line, break: i === 0 ? 0 : 1 })) }));
        break;
      case 'kv':
        for (const [key, value] of block.pairs) children.push(new Paragraph({ children: [new TextRun({ text: `${key}:`, bold: true }), new TextRun(` ${value}`)] }));
        break;
      case 'list':
        for (const item of block.items) children.push(new Paragraph({ text: item, bullet: { level: 0 } }));
        break;
      case 'table':
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [block.head, ...block.rows].map(
              (cells, r) => new TableRow({ tableHeader: r === 0, children: cells.map((cell) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: cell, bold: r === 0 })] })] })) }),
            ),
          }),
          new Paragraph(''),
        );
        break;
      case 'page':
        break;
      default:
        throw new Error(`unknown block ${block.kind}`);
    }
  }
  const doc = new Document({
    creator: document.info.Author,
    lastModifiedBy: document.info.Author,
    title: document.info.Title,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc).then(pinDocxDates);
}

/** docx stamps the core properties and every zip entry with "now"; the fixed date keeps re-runs byte-identical. */
function pinDocxDates(buffer) {
  const entries = fflate.unzipSync(new Uint8Array(buffer));
  const iso = FIXED_DATE.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const core = fflate.strFromU8(entries['docProps/core.xml']).replace(/(<dcterms:(created|modified)[^>]*>)[^<]*/g, `$1${iso}`);
  entries['docProps/core.xml'] = fflate.strToU8(core);
  return Buffer.from(fflate.zipSync(entries, { mtime: FIXED_DATE, level: 6 }));
}

mkdirSync(OUT, { recursive: true });
for (const document of documents) {
  const bytes = document.file.endsWith('.pdf') ? await renderPdf(document) : await renderDocx(document);
  writeFileSync(join(OUT, document.file), bytes);
  console.log(`${String(bytes.length).padStart(7)}  ${document.file}`);
}
