// The "offpath: Show Critical Paths" command: asks the server (`offpath/criticalPaths`) for request
// handlers and their slow side effects, lists them in a QuickPick, and opens the chosen entry point.
import * as vscode from 'vscode';
import { LanguageClient, RequestType } from 'vscode-languageclient/node';

/** One side effect reachable from an entry point. */
export interface SideEffect {
    category: string;
    api: string;
    /** Calls between the handler and the side effect; 0 means in the handler itself. */
    depth: number;
    /** Estimated cost: text such as "1–3 s", or milliseconds. */
    cost: number | string;
    /** The rule that flags it, e.g. "OFP101". */
    code?: string;
}

/** A request handler (entry point) and what it does synchronously. */
export interface CriticalPath {
    name: string;
    route?: string | null;
    methods?: string[];
    framework?: string | null;
    uri: string;
    /** 0-based, as in LSP positions. */
    line: number;
    sideEffects: SideEffect[];
    /** Estimated time the side effects add to the request, in seconds. */
    totalSeconds?: number;
}

export interface CriticalPathsParams {
    /** Limit the answer to entry points whose paths pass through this document. */
    uri?: string;
}

export const criticalPathsRequest = new RequestType<CriticalPathsParams, CriticalPath[] | null, void>(
    'offpath/criticalPaths',
);

interface PathItem extends vscode.QuickPickItem {
    path: CriticalPath;
}

const ICONS: Record<string, string> = {
    email: 'mail',
    http: 'globe',
    pdf: 'file-pdf',
    image: 'file-media',
    video: 'device-camera-video',
    push: 'bell',
    sms: 'comment',
    analytics: 'graph',
    search_index: 'search',
    chat: 'comment-discussion',
    sleep: 'watch',
    subprocess: 'terminal',
};

/**
 * Show the critical paths. `target` is the file to scope the list to: the command's argument
 * (from a code lens or the explorer), else the active Python editor; a button toggles to the workspace.
 */
export async function showCriticalPaths(
    client: LanguageClient | undefined,
    target?: vscode.Uri,
): Promise<void> {
    if (!client || !client.isRunning()) {
        void vscode.window.showWarningMessage('offpath: the server is not running. Run "offpath: Restart Server".');
        return;
    }
    const editor = vscode.window.activeTextEditor;
    let scope: vscode.Uri | undefined =
        target instanceof vscode.Uri
            ? target
            : editor?.document.languageId === 'python'
                ? editor.document.uri
                : undefined;

    const pick = vscode.window.createQuickPick<PathItem>();
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    const workspaceButton: vscode.QuickInputButton = {
        iconPath: new vscode.ThemeIcon('list-tree'),
        tooltip: 'Show the whole workspace',
    };
    const fileButton: vscode.QuickInputButton = {
        iconPath: new vscode.ThemeIcon('file-code'),
        tooltip: 'Show only paths through the current file',
    };
    const fileScope = scope;

    const load = async () => {
        pick.busy = true;
        pick.items = [];
        pick.title = scope
            ? `offpath: critical paths through ${vscode.workspace.asRelativePath(scope)}`
            : 'offpath: critical paths in the workspace';
        pick.buttons = fileScope ? [scope ? workspaceButton : fileButton] : [];
        try {
            const params: CriticalPathsParams = scope ? { uri: client.code2ProtocolConverter.asUri(scope) } : {};
            const paths = [...((await client.sendRequest(criticalPathsRequest, params)) ?? [])];
            // Slowest first; entry points without side effects stay listed, last.
            paths.sort((a, b) => (b.totalSeconds ?? 0) - (a.totalSeconds ?? 0)
                || Number((b.sideEffects ?? []).length > 0) - Number((a.sideEffects ?? []).length > 0));
            const slow = paths.filter((path) => (path.sideEffects ?? []).length > 0).length;
            pick.items = paths.map(toItem);
            pick.placeholder = paths.length
                ? `${paths.length} entry point${paths.length === 1 ? '' : 's'}, ${slow} with slow side effects — select one to open it`
                : 'No request handlers found';
        } catch (error) {
            pick.placeholder = `The server could not list critical paths: ${errorMessage(error)}`;
        } finally {
            pick.busy = false;
        }
    };

    pick.onDidTriggerButton((button) => {
        scope = button === workspaceButton ? undefined : fileScope;
        void load();
    });
    pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0];
        pick.hide();
        if (chosen) {
            void openEntryPoint(chosen.path);
        }
    });
    pick.onDidHide(() => pick.dispose());
    pick.show();
    await load();
}

function toItem(path: CriticalPath): PathItem {
    const effects = path.sideEffects ?? [];
    const lead = effects.map((effect) => effect.category)[0];
    const route = [path.methods?.join(' '), path.route].filter(Boolean).join(' ');
    const total = typeof path.totalSeconds === 'number' && path.totalSeconds > 0
        ? `~${path.totalSeconds < 10 ? path.totalSeconds.toFixed(1) : Math.round(path.totalSeconds)} s`
        : undefined;
    const where = [route, path.framework, total].filter(Boolean).join(' · ');
    return {
        label: `$(${ICONS[lead ?? ''] ?? 'symbol-method'}) ${path.name}`,
        description: where || undefined,
        detail: effects.length
            ? effects.map(describeEffect).join('  ·  ')
            : 'no slow side effects',
        path,
    };
}

function describeEffect(effect: SideEffect): string {
    const depth = effect.depth > 0 ? `, ${effect.depth} call${effect.depth === 1 ? '' : 's'} deep` : '';
    const code = effect.code ? `${effect.code} ` : '';
    return `${code}${effect.category}: ${effect.api} (${formatCost(effect.cost)}${depth})`;
}

function formatCost(cost: number | string): string {
    if (typeof cost === 'number') {
        return cost >= 1000 ? `~${(cost / 1000).toFixed(1)} s` : `~${Math.round(cost)} ms`;
    }
    return /^\d/.test(cost) ? `~${cost}` : cost;
}

async function openEntryPoint(path: CriticalPath): Promise<void> {
    try {
        const uri = vscode.Uri.parse(path.uri);
        const position = new vscode.Position(Math.max(0, path.line ?? 0), 0);
        const document = await vscode.workspace.openTextDocument(uri);
        const editor = await vscode.window.showTextDocument(document, {
            selection: new vscode.Range(position, position),
        });
        editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (error) {
        void vscode.window.showErrorMessage(`offpath: cannot open ${path.uri}: ${errorMessage(error)}`);
    }
}

function errorMessage(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
