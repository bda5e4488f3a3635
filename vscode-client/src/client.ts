// The language client and its lifecycle: how to start `offpath.server` over stdio with the bundled
// libraries, which settings it gets (initializationOptions, workspace/configuration, didChange) and
// serialised, debounced restarts.
import * as path from 'path';
import * as vscode from 'vscode';
import {
    DidChangeConfigurationNotification,
    LanguageClient,
    LanguageClientOptions,
    RevealOutputChannelOn,
    ServerOptions,
    State,
    TransportKind,
} from 'vscode-languageclient/node';
import {
    hasPythonExtension,
    Interpreter,
    projectInterpreter,
    quote,
    Rejection,
    resolveInterpreter,
} from './interpreter';
import { getServerSettings, getSettings, SECTION } from './settings';
import { StatusBar } from './status';

export const CLIENT_ID = 'offpath';
export const CLIENT_NAME = 'offpath';

export interface ClientContext {
    extensionPath: string;
    interpreter: Interpreter;
    /** The project's interpreter: the server reads its installed packages (never runs them). */
    python?: string;
    serverArgs: string[];
    log: vscode.LogOutputChannel;
    status: StatusBar;
}

/** Create (but do not start) the language client for one server process. */
export function createClient(context: ClientContext): LanguageClient {
    const { extensionPath, interpreter, python, serverArgs, log, status } = context;
    const [command, ...interpreterArgs] = interpreter.command;
    const launcher = path.join(extensionPath, 'tool', 'server.py');
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? extensionPath;

    const serverOptions: ServerOptions = {
        command,
        args: [...interpreterArgs, launcher, ...serverArgs],
        transport: TransportKind.stdio,
        options: {
            cwd,
            env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONUTF8: '1' },
        },
    };
    log.info(`Server command: ${[command, ...serverOptions.args!].join(' ')} (cwd ${cwd})`);

    const clientOptions: LanguageClientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'python' },
            { scheme: 'untitled', language: 'python' },
        ],
        synchronize: {
            // Files changed outside the editor (git checkout, codegen) can change call graphs too.
            fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.py,pyproject.toml}'),
        },
        initializationOptions: { ...getServerSettings(), ...(python ? { python } : {}) },
        outputChannel: log,
        traceOutputChannel: log,
        revealOutputChannelOn: RevealOutputChannelOn.Never,
        middleware: {
            workspace: {
                // Answer for "offpath" with the same normalised shape as initializationOptions,
                // rather than the raw settings tree (which also holds interpreter, trace, ...).
                configuration: async (params, token, next) => {
                    const defaults = await next(params, token);
                    if (!Array.isArray(defaults)) {
                        return defaults;
                    }
                    return params.items.map((item, index) => {
                        const settings = () =>
                            getServerSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined);
                        if (item.section === SECTION) {
                            return settings();
                        }
                        const key = item.section?.startsWith(`${SECTION}.`)
                            ? item.section.slice(SECTION.length + 1)
                            : undefined;
                        if (key !== undefined && key in settings()) {
                            return settings()[key as keyof ReturnType<typeof settings>];
                        }
                        return defaults[index];
                    });
                },
            },
            // Progress goes to offpath's own status item; only `end` goes on to the built-in
            // handler, so it disposes of its bookkeeping without showing a second spinner.
            handleWorkDoneProgress: (token, params, next) => {
                status.onProgress(token, params);
                if (params.kind === 'end') {
                    next(token, params);
                }
            },
        },
    };

    return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

const RESTART_DELAY_MS = 1000;
const STOP_TIMEOUT_MS = 2000;

/** Owns the one running client: starts it, restarts it (serialised and debounced), stops it. */
export class ServerManager implements vscode.Disposable {
    private current: LanguageClient | undefined;
    private interpreter: string[] | undefined;
    private pending: Promise<void> = Promise.resolve();
    private restartTimer: NodeJS.Timeout | undefined;
    private disposed = false;

    constructor(
        private readonly extensionPath: string,
        private readonly log: vscode.LogOutputChannel,
        private readonly status: StatusBar,
    ) {}

    get client(): LanguageClient | undefined {
        return this.current;
    }

    /** Stop the server if it runs and start a new one; calls queue up rather than overlap. */
    restart(): Promise<void> {
        clearTimeout(this.restartTimer);
        this.pending = this.pending
            .then(() => this.doRestart())
            .catch((error) => this.log.error(`Restart failed: ${String(error)}`));
        return this.pending;
    }

    /** Restart once the settings have stopped changing (typing in settings.json fires per keystroke). */
    scheduleRestart(): void {
        clearTimeout(this.restartTimer);
        this.restartTimer = setTimeout(() => void this.restart(), RESTART_DELAY_MS);
    }

    /** The Python extension switched environments: restart only if that changes our interpreter. */
    interpreterMayHaveChanged(): void {
        clearTimeout(this.restartTimer);
        this.restartTimer = setTimeout(() => {
            this.pending = this.pending
                .then(async () => {
                    const settings = getSettings();
                    const resolution = await resolveInterpreter(
                        settings.interpreter,
                        vscode.workspace.workspaceFolders?.[0]?.uri,
                        this.log,
                    );
                    const next = resolution.ok ? resolution.interpreter.command : undefined;
                    const same = JSON.stringify(next) === JSON.stringify(this.interpreter);
                    if (!same || !this.current?.isRunning()) {
                        await this.doRestart();
                    }
                })
                .catch((error) => this.log.error(`Restart failed: ${String(error)}`));
        }, RESTART_DELAY_MS);
    }

    /** Tell a running server that severity, codeLens or queue changed. */
    notifySettingsChanged(): void {
        const client = this.current;
        if (client?.isRunning()) {
            void client.sendNotification(DidChangeConfigurationNotification.type, {
                settings: { [SECTION]: getServerSettings() },
            });
        }
    }

    async stop(): Promise<void> {
        clearTimeout(this.restartTimer);
        const client = this.current;
        this.current = undefined;
        if (client) {
            try {
                await client.stop(STOP_TIMEOUT_MS);
            } catch (error) {
                this.log.warn(`Stopping the server: ${String(error)}`);
            }
            await client.dispose();
        }
    }

    dispose(): void {
        this.disposed = true;
        void this.stop();
    }

    private async doRestart(): Promise<void> {
        await this.stop();
        if (this.disposed) {
            return;
        }
        this.status.setStarting();
        const settings = getSettings();
        const resolution = await resolveInterpreter(
            settings.interpreter,
            vscode.workspace.workspaceFolders?.[0]?.uri,
            this.log,
        );
        this.interpreter = resolution.ok ? resolution.interpreter.command : undefined;
        if (!resolution.ok) {
            this.status.setError('no Python 3.10+ interpreter found');
            void this.reportNoInterpreter(resolution.rejected, settings.interpreter.length > 0);
            return;
        }
        const python = await projectInterpreter(
            vscode.workspace.workspaceFolders?.[0]?.uri,
            resolution.interpreter,
            this.log,
        );
        const client = createClient({
            extensionPath: this.extensionPath,
            interpreter: resolution.interpreter,
            python,
            serverArgs: settings.serverArgs,
            log: this.log,
            status: this.status,
        });
        this.current = client;
        client.onDidChangeState(({ newState }) => {
            if (client !== this.current) {
                return;
            }
            if (newState === State.Running) {
                this.status.setRunning();
            } else if (newState === State.Stopped) {
                this.status.setStopped();
            } else {
                this.status.setStarting();
            }
        });
        try {
            await client.start();
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            this.log.error(`The server failed to start: ${message}`);
            if (client === this.current) {
                this.status.setError(`the server failed to start: ${message}`);
            }
            const choice = await vscode.window.showErrorMessage(
                `offpath: the server failed to start (${message}).`,
                'Show Output',
            );
            if (choice === 'Show Output') {
                this.log.show();
            }
        }
    }

    private async reportNoInterpreter(rejected: Rejection[], fromSetting: boolean): Promise<void> {
        const tried = rejected.map((r) => `${quote(r.command)} (${r.reason})`).join('; ');
        const message = fromSetting
            ? `offpath: the interpreter in "offpath.interpreter" cannot run the server: ${tried}. ` +
              'It needs Python 3.10 or newer.'
            : `offpath needs Python 3.10 or newer to run its server, and none was found. Tried: ${tried}. ` +
              'Set "offpath.interpreter" or select an interpreter in the Python extension.';
        this.log.error(message);
        const actions = [
            ...(hasPythonExtension() ? ['Select Interpreter'] : []),
            'Open Settings',
            'Show Output',
        ];
        const choice = await vscode.window.showErrorMessage(message, ...actions);
        if (choice === 'Select Interpreter') {
            await vscode.commands.executeCommand('python.setInterpreter');
        } else if (choice === 'Open Settings') {
            await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.interpreter`);
        } else if (choice === 'Show Output') {
            this.log.show();
        }
    }
}
