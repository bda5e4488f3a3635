// Finds the Python interpreter that runs the server: the `offpath.interpreter` setting, else the
// Python extension's active environment, else `python3`/`python` on PATH; each must be 3.10 or newer.
import { execFile } from 'child_process';
import * as vscode from 'vscode';

export const MIN_VERSION: readonly [number, number] = [3, 10];

export type InterpreterSource = 'setting' | 'python-extension' | 'PATH';

export interface Interpreter {
    /** The command line: the executable followed by any arguments it needs. */
    command: string[];
    source: InterpreterSource;
    version: [number, number];
}

/** A candidate that was tried and why it was rejected, for the error message. */
export interface Rejection {
    command: string[];
    source: InterpreterSource;
    reason: string;
}

export type Resolution =
    | { ok: true; interpreter: Interpreter; rejected: Rejection[] }
    | { ok: false; rejected: Rejection[] };

/** The part of the `ms-python.python` API that is used here. */
interface PythonExtensionApi {
    ready?: Promise<void>;
    environments?: {
        getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
        resolveEnvironment(
            env: { id: string; path: string } | string,
        ): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
        onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
    };
    settings?: {
        getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
    };
}

const PYTHON_EXTENSION_ID = 'ms-python.python';
const VERSION_TIMEOUT_MS = 15_000;

/** Try the candidates in order and return the first interpreter that is new enough. */
export async function resolveInterpreter(
    configured: string[],
    resource: vscode.Uri | undefined,
    log: vscode.LogOutputChannel,
): Promise<Resolution> {
    const rejected: Rejection[] = [];
    // An explicit setting is the user's choice: reject it loudly rather than quietly use another.
    const candidates: Array<{ command: string[]; source: InterpreterSource }> =
        configured.length > 0
            ? [{ command: configured, source: 'setting' }]
            : [
                ...(await fromPythonExtension(resource, log)).map((command) => ({
                    command,
                    source: 'python-extension' as const,
                })),
                { command: ['python3'], source: 'PATH' },
                { command: ['python'], source: 'PATH' },
            ];
    for (const candidate of candidates) {
        const check = await checkVersion(candidate.command);
        if (typeof check === 'string') {
            log.info(`Interpreter ${quote(candidate.command)} (${candidate.source}) rejected: ${check}`);
            rejected.push({ ...candidate, reason: check });
            continue;
        }
        log.info(
            `Using interpreter ${quote(candidate.command)} (${candidate.source}, Python ${check.join('.')})`,
        );
        return { ok: true, interpreter: { ...candidate, version: check }, rejected };
    }
    return { ok: false, rejected };
}

/**
 * The project's own interpreter, whose installed packages the server reads (statically): the
 * Python extension's environment for the workspace, even when `offpath.interpreter` runs the
 * server elsewhere; else the server's interpreter when it came from the extension.
 */
export async function projectInterpreter(
    resource: vscode.Uri | undefined,
    server: Interpreter,
    log: vscode.LogOutputChannel,
): Promise<string | undefined> {
    if (server.source === 'python-extension') {
        return server.command[0];
    }
    if (server.source === 'setting') {
        const [command] = await fromPythonExtension(resource, log);
        return command?.[0];
    }
    return undefined;
}

/** Subscribe to the Python extension's interpreter changes, if it is installed. */
export async function onPythonInterpreterChanged(
    listener: () => void,
): Promise<vscode.Disposable | undefined> {
    const api = await pythonApi();
    return api?.environments?.onDidChangeActiveEnvironmentPath(() => listener());
}

/** Whether the Python extension is installed, to offer its "Select Interpreter" command. */
export function hasPythonExtension(): boolean {
    return vscode.extensions.getExtension(PYTHON_EXTENSION_ID) !== undefined;
}

/** Format a command line for messages. */
export function quote(command: string[]): string {
    return command.map((part) => (/[\s"']/.test(part) ? JSON.stringify(part) : part)).join(' ');
}

async function pythonApi(): Promise<PythonExtensionApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
    if (!extension) {
        return undefined;
    }
    const api = extension.isActive ? extension.exports : await extension.activate();
    await api?.ready;
    return api;
}

async function fromPythonExtension(
    resource: vscode.Uri | undefined,
    log: vscode.LogOutputChannel,
): Promise<string[][]> {
    try {
        const api = await pythonApi();
        if (!api) {
            return [];
        }
        if (api.environments) {
            const active = api.environments.getActiveEnvironmentPath(resource);
            const resolved = await api.environments.resolveEnvironment(active);
            const executable = resolved?.executable.uri?.fsPath;
            if (executable) {
                return [[executable]];
            }
        }
        // Older releases of the Python extension only have the settings API.
        const execCommand = api.settings?.getExecutionDetails(resource).execCommand;
        return execCommand && execCommand.length > 0 ? [execCommand] : [];
    } catch (error) {
        log.warn(`Could not ask the Python extension for an interpreter: ${String(error)}`);
        return [];
    }
}

/** The interpreter's (major, minor), or the reason it cannot be used. */
function checkVersion(command: string[]): Promise<[number, number] | string> {
    const [file, ...args] = command;
    return new Promise((resolve) => {
        execFile(
            file,
            [...args, '-c', 'import sys; print(sys.version_info[:2])'],
            { timeout: VERSION_TIMEOUT_MS, windowsHide: true },
            (error, stdout) => {
                if (error) {
                    const code = (error as NodeJS.ErrnoException).code;
                    resolve(code === 'ENOENT' ? 'not found' : `failed to run: ${error.message.trim()}`);
                    return;
                }
                const match = /\((\d+),\s*(\d+)\)/.exec(stdout);
                if (!match) {
                    resolve(`unexpected version output ${JSON.stringify(stdout.trim())}`);
                    return;
                }
                const version: [number, number] = [Number(match[1]), Number(match[2])];
                const [major, minor] = MIN_VERSION;
                const newEnough = version[0] > major || (version[0] === major && version[1] >= minor);
                resolve(newEnough ? version : `Python ${version.join('.')} is older than ${major}.${minor}`);
            },
        );
    });
}
