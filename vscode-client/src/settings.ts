// Reads the `offpath.*` settings and turns them into what the server is given: the
// `initializationOptions` object and the answer to `workspace/configuration` for "offpath".
import * as os from 'os';
import * as vscode from 'vscode';

export const SECTION = 'offpath';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
/** A queue backend as the user spells it: package.json's `offpath.queue` enum is the one list of
 *  them (VS Code validates it there); the server maps spellings onto its registry. */
export type Queue = string;

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** The settings the server reads: sent as `initializationOptions` and on `workspace/configuration`. */
export interface ServerSettings {
    severity: Record<string, Severity>;
    codeLens: boolean;
    queue: Queue;
}

/** Everything the extension reads from `offpath.*`. */
export interface ExtensionSettings extends ServerSettings {
    /** Interpreter command line; empty means "find one". */
    interpreter: string[];
    serverArgs: string[];
}

/** Settings whose change needs a new server process rather than a configuration notification. */
const RESTART_KEYS = ['interpreter', 'serverArgs'];
const SERVER_KEYS = ['severity', 'codeLens', 'queue'];

/** Read and validate the settings for a resource (the first workspace folder by default). */
export function getSettings(scope?: vscode.ConfigurationScope): ExtensionSettings {
    const config = vscode.workspace.getConfiguration(SECTION, scope ?? defaultScope());
    return {
        interpreter: expandAll(toStringArray(config.get<unknown>('interpreter')), scope),
        serverArgs: expandAll(toStringArray(config.get<unknown>('serverArgs')), scope),
        severity: toSeverityMap(config.get<unknown>('severity')),
        codeLens: config.get<boolean>('codeLens', true) !== false,
        queue: toQueue(config.get<unknown>('queue')),
    };
}

/** The subset of the settings that the server itself uses. */
export function getServerSettings(scope?: vscode.ConfigurationScope): ServerSettings {
    const { severity, codeLens, queue } = getSettings(scope);
    return { severity, codeLens, queue };
}

/** True when a change to the configuration needs the server process to be restarted. */
export function needsRestart(event: vscode.ConfigurationChangeEvent): boolean {
    return RESTART_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
}

/** True when a change to the configuration changes what the server should be told. */
export function changesServerSettings(event: vscode.ConfigurationChangeEvent): boolean {
    return SERVER_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
}

function defaultScope(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.[0];
}

function toStringArray(value: unknown): string[] {
    if (typeof value === 'string') {
        return value.trim() === '' ? [] : [value];
    }
    if (Array.isArray(value)) {
        return value.filter((item): item is string => typeof item === 'string' && item !== '');
    }
    return [];
}

function toSeverityMap(value: unknown): Record<string, Severity> {
    const result: Record<string, Severity> = {};
    if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [key, level] of Object.entries(value as Record<string, unknown>)) {
            const normalized = typeof level === 'string' ? level.toLowerCase() : '';
            // VS Code's own name is "info"; accept it so a near miss is not dropped silently.
            const severity = normalized === 'info' ? 'information' : normalized;
            if ((SEVERITIES as readonly string[]).includes(severity)) {
                result[key] = severity as Severity;
            }
        }
    }
    return result;
}

function toQueue(value: unknown): Queue {
    return typeof value === 'string' && /^[a-z][a-z0-9_-]*$/.test(value.trim()) ? value.trim() : 'auto';
}

/** Expand `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}` as the Python tools template does. */
function expandAll(values: string[], scope?: vscode.ConfigurationScope): string[] {
    const folder = folderOf(scope) ?? defaultScope();
    return values.map((value) => {
        let result = value
            .replace(/\$\{userHome\}/g, os.homedir())
            .replace(/\$\{env:([^}]+)\}/g, (_match, name: string) => process.env[name] ?? '');
        if (folder) {
            result = result.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
        }
        if (result === '~' || result.startsWith('~/')) {
            result = os.homedir() + result.slice(1);
        }
        return result;
    });
}

function folderOf(scope?: vscode.ConfigurationScope): vscode.WorkspaceFolder | undefined {
    if (!scope) {
        return undefined;
    }
    if (scope instanceof vscode.Uri) {
        return vscode.workspace.getWorkspaceFolder(scope);
    }
    if ('uri' in scope && 'index' in scope) {
        return scope as vscode.WorkspaceFolder;
    }
    if ('uri' in scope && scope.uri) {
        return vscode.workspace.getWorkspaceFolder(scope.uri);
    }
    return undefined;
}
