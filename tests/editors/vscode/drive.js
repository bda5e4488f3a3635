// Drives VS Code (code-server) in headless Debian Chromium the way a user meets offpath: open the
// Django view, see the squiggle, read the Problems panel, hover, Ctrl+. then Enter, save, see the
// squiggle go. Every wait polls for a condition with a deadline; screenshots go to $OFFPATH_SHOTS.
// Prints one JSON report on stdout (test_vscode.py asserts on it and on the files); exits 1 on
// the first failed step, with the report so far and a screenshot of the moment.
//
// Environment: OFFPATH_URL (code-server with ?folder=), OFFPATH_ROOT, OFFPATH_FILE (relative),
// OFFPATH_LINE (1-based), OFFPATH_CODE, OFFPATH_MESSAGE, OFFPATH_FIXED_TEXT (a line the fix writes),
// OFFPATH_PROBLEMS_FILTER (text that picks the finding in the Problems filter), OFFPATH_SHOTS,
// OFFPATH_TIMEOUT_MS, CHROMIUM (default /usr/bin/chromium), OFFPATH_FIXED_FILE (where the fix
// writes OFFPATH_FIXED_TEXT, default OFFPATH_FILE), OFFPATH_PREVIEW_FILE (a file name the
// Refactor Preview of a multi-file fix lists), OFFPATH_ALSO_FIXED (JSON: other files the fix
// writes, each with a line it writes there).
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const env = (name, fallback) => {
    const value = process.env[name] ?? fallback;
    if (value === undefined) throw new Error(`${name} is not set`);
    return value;
};
const URL = env('OFFPATH_URL');
const ROOT = env('OFFPATH_ROOT');
const FILE = env('OFFPATH_FILE');
const LINE = Number(env('OFFPATH_LINE'));
const CODE = env('OFFPATH_CODE');
const FIXED_TEXT = env('OFFPATH_FIXED_TEXT');
const MESSAGE = env('OFFPATH_MESSAGE');
const MESSAGE_FILTER = env('OFFPATH_PROBLEMS_FILTER');
const SHOTS = env('OFFPATH_SHOTS');
// The file the fix writes FIXED_TEXT into (default: the view), and a file the preview must list.
const FIXED_FILE = env('OFFPATH_FIXED_FILE', FILE);
const PREVIEW_FILE = env('OFFPATH_PREVIEW_FILE', '');
// Other files the fix edits: {relative path: a line it writes there}.
const ALSO_FIXED = JSON.parse(env('OFFPATH_ALSO_FIXED', '{}'));
const TIMEOUT = Number(env('OFFPATH_TIMEOUT_MS', '60000'));

const report = { steps: [], shots: [] };
let page;

async function shot(name) {
    const file = path.join(SHOTS, `${String(report.shots.length + 1).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    report.shots.push(file);
}

/** Poll `probe` (async, returns a truthy value when done) until the deadline. */
async function until(what, probe, timeout = TIMEOUT) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
        try {
            last = await probe();
            if (last) return last;
        } catch (error) {
            last = error;
        }
        if (Date.now() > deadline) throw new Error(`${what} (not within ${timeout} ms; last: ${last})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

/** The squiggles Monaco draws on the view line whose text contains `text`, or null if not shown. */
async function squigglesOnLine(text) {
    return page.evaluate((needle) => {
        const editor = document.querySelector('.editor-instance .monaco-editor .overflow-guard');
        if (!editor) return null;
        const line = [...editor.querySelectorAll('.view-lines .view-line')]
            .find((el) => el.textContent.replace(/\u00a0/g, ' ').includes(needle));
        if (!line) return null;
        const top = line.style.top;
        const overlay = [...editor.querySelectorAll('.view-overlays > div')].find((el) => el.style.top === top);
        if (!overlay) return null;
        return [...overlay.querySelectorAll('[class*="squiggly-"]')].map((el) =>
            [...el.classList].find((c) => c.startsWith('squiggly-')));
    }, text);
}

/** Whether `locator` becomes visible within `ms` (Playwright's isVisible() does not wait). */
async function shows(locator, ms) {
    return locator.waitFor({ state: 'visible', timeout: ms }).then(() => true, () => false);
}

/** Open a workspace file with Quick Open, as a user does. The query is typed only once the
 *  Quick Open input has focus (keys typed earlier land in the editor), re-typed if the input does not
 *  hold it, and the row chosen is the one whose name and folder are `rel`'s (a busy file search can
 *  list a recently opened file first). */
async function openFile(rel) {
    const input = page.locator('.quick-input-widget input');
    const base = path.basename(rel);
    const folder = path.dirname(rel) === '.' ? '' : path.dirname(rel);
    await until(`Quick Open finds ${rel}`, async () => {
        if (!(await input.isVisible()) || !(await input.evaluate((el) => el === document.activeElement))) {
            await page.keyboard.press('Escape');
            await page.keyboard.press('Control+P');
            await input.waitFor({ state: 'visible', timeout: 2000 });
            await until('the Quick Open input has focus', () => input.evaluate((el) => el === document.activeElement), 2000);
        }
        if ((await input.inputValue()) !== rel) {
            await input.fill('');
            await page.keyboard.type(rel);
        }
        // Each row's accessible name is "<file> <folder>", then " unsaved changes" for a dirty file and
        // ", <group>" if it heads one. The list
        // re-renders while the search runs: find the row by that name, not by its index.
        const name = folder ? `${base} ${folder}` : base;
        const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-label]');
        report.quickOpenSeen = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
        // A file the fix left unsaved reads "<file> <folder> unsaved changes, file results".
        const rowOf = (label) => `.quick-input-widget .quick-input-list .monaco-list-row[aria-label${label}]`;
        const row = page.locator([rowOf(`="${name}"`), rowOf(`^="${name}, "`), rowOf(`^="${name} "`)].join(', ')).first();
        if (!(await row.isVisible())) return false;
        await row.click({ timeout: 2000 });
        return true;
    });
    await until(`${rel} opens in an editor`, () =>
        page.locator(`.tab.active[data-resource-name="${base}"]`).isVisible());
}

function lineText(line) {
    return fs.readFileSync(path.join(ROOT, FILE), 'utf8').split('\n')[line - 1];
}

async function main() {
    const browser = await chromium.launch({
        executablePath: env('CHROMIUM', '/usr/bin/chromium'),
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
            '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
    });
    try {
        page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
        await page.goto(URL);
        await until('the workbench loads', () => page.locator('.monaco-workbench .part.editor').isVisible());
        report.steps.push('workbench');

        // Quick Open the view, then Go to Line (inside the squiggle, so Ctrl+. is about it).
        const original = lineText(LINE);
        const column = original.search(/\S/) + 2;
        await openFile(FILE);
        await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
        await page.keyboard.press('Control+G');
        await page.keyboard.type(`${LINE}:${column}`);
        await page.keyboard.press('Enter');
        report.steps.push('opened');

        // The squiggle on the line (the server indexes the workspace first).
        const needle = original.trim();
        report.squiggles = await until('a squiggle on the finding\'s line', async () => {
            const found = await squigglesOnLine(needle);
            return found && found.length ? found : null;
        });
        report.steps.push('squiggle');
        await shot('squiggle');

        // Problems panel, filtered to the finding's message: offpath's row (message, source, code).
        await page.keyboard.press('Control+Shift+M');
        const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
        await until('the Problems panel opens', () => shows(filter, 2000));
        await filter.fill(MESSAGE_FILTER);
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: `[Ln ${LINE}, Col` })
            .filter({ hasText: CODE }).first();
        // The row as it reads once the whole workspace is indexed (earlier publishes may know less).
        await until('the Problems panel lists the finding with its message', async () => {
            if (!(await row.isVisible())) return false;
            const text = (await row.innerText()).replace(/\s+/g, ' ');
            report.problemsRowSeen = text;  // what the row read last, for a failure's report
            return text.includes(MESSAGE);
        });
        report.problemsRow = {
            text: (await row.innerText()).replace(/\s+/g, ' ').trim(),
            ariaLabel: await row.getAttribute('aria-label'),
        };
        report.steps.push('problems');
        await shot('problems');

        // Hover the squiggle: the diagnostic's hover shows the message and the code.
        const squiggle = await until('the squiggle element', async () => {
            const box = await page.evaluate((needle) => {
                const editor = document.querySelector('.editor-instance .monaco-editor .overflow-guard');
                const line = [...editor.querySelectorAll('.view-lines .view-line')]
                    .find((el) => el.textContent.replace(/\u00a0/g, ' ').includes(needle));
                const overlay = [...editor.querySelectorAll('.view-overlays > div')]
                    .find((el) => el.style.top === line.style.top);
                const el = overlay.querySelector('[class*="squiggly-"]');
                const r = el.getBoundingClientRect();
                return r.width > 0 ? { x: r.x + Math.min(r.width / 2, 30), y: r.y + r.height / 2 } : null;
            }, needle);
            return box;
        });
        const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: CODE }).first();
        await until('the hover shows the finding', async () => {
            await page.mouse.move(squiggle.x - 5, squiggle.y);
            await page.mouse.move(squiggle.x, squiggle.y);
            return shows(hover, 3000);
        });
        report.hover = (await hover.innerText()).replace(/\s+/g, ' ').trim();
        report.steps.push('hover');
        await shot('hover');
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');

        // Ctrl+. on the finding, then Enter: the first entry is the preferred quick fix.
        const menu = page.locator('.action-widget');
        await until('the quick-fix menu opens', async () => {
            await page.locator('.editor-instance .monaco-editor textarea').first().focus();
            await page.keyboard.press('Control+.');
            return shows(menu, 3000);
        });
        const items = page.locator('.action-widget .monaco-list-row.action');
        await until('the quick-fix menu lists actions', async () => (await items.count()) > 0);
        report.actions = (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        report.focusedAction = ((await page.locator('.action-widget .monaco-list-row.action.focused').first()
            .innerText().catch(() => '')) || '').replace(/\s+/g, ' ').trim();
        await shot('quickfix-menu');
        await page.keyboard.press('Enter');
        // A fix that edits other files asks for confirmation (change annotations): VS Code shows
        // its Refactor Preview listing the files; the user reads it and presses Apply.
        const preview = page.locator('.bulk-edit-panel');
        const apply = page.locator('.bulk-edit-panel .monaco-button, .bulk-edit-panel .monaco-text-button')
            .filter({ hasText: /^\s*Apply\s*$/ }).first();
        if (await shows(apply, 10000)) {
            await until('the preview lists the edited files', async () =>
                (await preview.innerText()).includes(PREVIEW_FILE));
            report.preview = (await preview.innerText()).replace(/\s+/g, ' ').trim();
            await shot('refactor-preview');
            // The fix's changes need confirmation, so VS Code lists them unticked: tick each file.
            // The preview is a virtualised tree: only the rows in view exist, so scroll it down
            // until every row has been seen ticked (a fix may edit five files and more).
            const boxes = page.locator('.bulk-edit-panel input[type="checkbox"]');
            const list = page.locator('.bulk-edit-panel .monaco-list').first();
            let seenAllTicked = 0;
            await until('every change of the fix is ticked', async () => {
                const count = await boxes.count();
                for (let i = 0; i < count; i++) {
                    if (!(await boxes.nth(i).isChecked())) {
                        await boxes.nth(i).click();
                        seenAllTicked = 0;
                        return false;
                    }
                }
                if (count === 0) return false;
                await list.hover();
                await page.mouse.wheel(0, 120);
                seenAllTicked += 1;
                return seenAllTicked >= 4;  // four scrolls in a row found nothing left to tick
            });
            report.previewTicked = true;
            await apply.click();
            await until('the preview closes', async () => !(await apply.isVisible()));
        }
        if (FIXED_FILE === FILE) {
            await until('the fix changes the line in the editor', async () => {
                const texts = await page.locator('.editor-instance .view-lines .view-line').allInnerTexts();
                return texts.some((t) => t.replace(/\u00a0/g, ' ').includes(FIXED_TEXT.trim()));
            });
        }
        report.steps.push('applied');

        // Save the view, then each other file the fix edited (the preview listed them): open it
        // with Quick Open and save it, as a user does; wait for every file on disk.
        await page.keyboard.press('Control+S');
        for (const rel of Object.keys(ALSO_FIXED)) {
            await openFile(rel);
            await page.keyboard.press('Control+S');
            await until(`${rel} is saved to disk`, () => fs.readFileSync(path.join(ROOT, rel), 'utf8')
                .split('\n').some((l) => l === ALSO_FIXED[rel]));
        }
        await until('the fix is saved to disk', () => fs.readFileSync(path.join(ROOT, FIXED_FILE), 'utf8')
            .split('\n').some((l) => l === FIXED_TEXT));
        if (Object.keys(ALSO_FIXED).length) await openFile(FILE);  // back to the view
        await until('no editor is left dirty', async () => (await page.locator('.tab.dirty').count()) === 0);
        report.steps.push('saved');

        // The server re-analyses: the squiggle on that line goes away.
        await until('the squiggle goes away', async () => {
            const found = await squigglesOnLine(FIXED_FILE === FILE ? FIXED_TEXT.trim() : needle);
            return found !== null && found.length === 0;
        });
        await until('the Problems panel drops the row', async () => (await row.count()) === 0);
        report.steps.push('cleared');
        await shot('fixed');
    } catch (error) {
        report.error = String(error && error.stack ? error.stack : error);
        await shot('failure').catch(() => undefined);
    } finally {
        await browser.close();
    }
}

main().then(
    () => {
        process.stdout.write(JSON.stringify(report) + '\n');
        process.exitCode = report.error ? 1 : 0;
    },
    (error) => {
        report.error = String(error && error.stack ? error.stack : error);
        process.stdout.write(JSON.stringify(report) + '\n');
        process.exitCode = 1;
    },
);
