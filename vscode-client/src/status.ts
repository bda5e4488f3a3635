// The status bar item: the server's work-done progress ("Indexing 812/2,140 files") while it works,
// the number of offpath findings when it is idle, and starting/stopped/error states.
import * as vscode from 'vscode';
import type { WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageclient';

export const DIAGNOSTIC_SOURCE = 'offpath';

type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

interface ActiveProgress {
    title: string;
    message?: string;
    percentage?: number;
}

type ServerState =
    | { kind: 'starting' }
    | { kind: 'running' }
    | { kind: 'stopped' }
    | { kind: 'error'; message: string };

const COUNT_DELAY_MS = 150;

export class StatusBar implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;
    private readonly disposables: vscode.Disposable[] = [];
    /** Work in progress keyed by token, in the order it began; the newest one is shown. */
    private readonly progress = new Map<string, ActiveProgress>();
    private state: ServerState = { kind: 'starting' };
    private findings = 0;
    private files = 0;
    private countTimer: NodeJS.Timeout | undefined;

    constructor() {
        this.item = vscode.window.createStatusBarItem('offpath.status', vscode.StatusBarAlignment.Left, 10);
        this.item.name = 'offpath';
        this.disposables.push(
            this.item,
            // Publishing comes in bursts while indexing: count once the burst settles.
            vscode.languages.onDidChangeDiagnostics(() => this.scheduleCount()),
        );
        this.countFindings();
        this.render();
        this.item.show();
    }

    /** Record a `$/progress` notification for a server-created work-done token. */
    onProgress(token: string | number, value: ProgressValue): void {
        const key = String(token);
        switch (value.kind) {
            case 'begin':
                this.progress.delete(key);
                this.progress.set(key, {
                    title: value.title,
                    message: value.message,
                    percentage: value.percentage,
                });
                break;
            case 'report': {
                const active = this.progress.get(key);
                if (active) {
                    active.message = value.message ?? active.message;
                    active.percentage = value.percentage ?? active.percentage;
                }
                break;
            }
            case 'end':
                this.progress.delete(key);
                break;
        }
        this.render();
    }

    setStarting(): void {
        this.state = { kind: 'starting' };
        this.render();
    }

    setRunning(): void {
        this.state = { kind: 'running' };
        this.render();
    }

    /** The server stopped: any progress it had under way will never end. */
    setStopped(): void {
        this.state = { kind: 'stopped' };
        this.progress.clear();
        this.render();
    }

    setError(message: string): void {
        this.state = { kind: 'error', message };
        this.progress.clear();
        this.render();
    }

    dispose(): void {
        clearTimeout(this.countTimer);
        for (const disposable of this.disposables) {
            disposable.dispose();
        }
    }

    private scheduleCount(): void {
        clearTimeout(this.countTimer);
        this.countTimer = setTimeout(() => {
            this.countFindings();
            this.render();
        }, COUNT_DELAY_MS);
    }

    private countFindings(): void {
        let findings = 0;
        let files = 0;
        for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
            const here = diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE).length;
            findings += here;
            files += here > 0 ? 1 : 0;
        }
        this.findings = findings;
        this.files = files;
    }

    private render(): void {
        const item = this.item;
        item.backgroundColor = undefined;
        item.command = undefined;
        switch (this.state.kind) {
            case 'starting':
                item.text = '$(loading~spin) offpath';
                item.tooltip = 'offpath: starting the server…';
                return;
            case 'stopped':
                item.text = '$(circle-slash) offpath';
                item.tooltip = 'offpath: the server is stopped. Click to restart it.';
                item.command = 'offpath.restart';
                return;
            case 'error':
                item.text = '$(error) offpath';
                item.tooltip = `offpath: ${this.state.message}\nClick to restart the server.`;
                item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
                item.command = 'offpath.restart';
                return;
            case 'running':
                break;
        }
        const current = [...this.progress.values()].pop();
        if (current) {
            const detail = current.message ?? current.title;
            const percent = current.percentage !== undefined ? ` (${Math.round(current.percentage)}%)` : '';
            item.text = `$(sync~spin) offpath: ${detail}${percent}`;
            item.tooltip = `offpath: ${current.title}${current.message ? ` — ${current.message}` : ''}`;
            return;
        }
        const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
        if (this.findings === 0) {
            item.text = '$(check) offpath';
            item.tooltip = 'offpath: no slow side effects found on request paths.\nClick to show critical paths.';
            item.command = 'offpath.showCriticalPaths';
        } else {
            item.text = `$(watch) offpath: ${this.findings.toLocaleString()}`;
            item.tooltip =
                `offpath: ${plural(this.findings, 'finding')} in ${plural(this.files, 'file')}.\n` +
                'Click to open the Problems panel.';
            item.command = 'workbench.actions.view.problems';
        }
    }
}
