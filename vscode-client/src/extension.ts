// Extension entry point: creates the "offpath" output channel and status item, registers the
// commands, and restarts or notifies the server when settings or the Python interpreter change.
import * as vscode from 'vscode';
import { ServerManager } from './client';
import { showCriticalPaths } from './criticalPaths';
import { onPythonInterpreterChanged } from './interpreter';
import { changesServerSettings, getSettings, needsRestart } from './settings';
import { StatusBar } from './status';

let manager: ServerManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const log = vscode.window.createOutputChannel('offpath', { log: true });
    const status = new StatusBar();
    const servers = new ServerManager(context.extensionPath, log, status);
    manager = servers;
    log.info(`offpath ${context.extension.packageJSON.version} activating`);

    context.subscriptions.push(
        log,
        status,
        servers,
        vscode.commands.registerCommand('offpath.restart', () => servers.restart()),
        vscode.commands.registerCommand('offpath.showCriticalPaths', (uri?: vscode.Uri) =>
            showCriticalPaths(servers.client, uri),
        ),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (needsRestart(event)) {
                servers.scheduleRestart();
            } else if (changesServerSettings(event)) {
                servers.notifySettingsChanged();
            }
        }),
    );

    // Starting the server must not wait on the Python extension, which may still be activating.
    void servers.restart();
    void onPythonInterpreterChanged(() => {
        // Only the fallback follows the Python extension; an explicit setting wins.
        if (getSettings().interpreter.length === 0) {
            servers.interpreterMayHaveChanged();
        }
    }).then((disposable) => disposable && context.subscriptions.push(disposable));
}

export async function deactivate(): Promise<void> {
    await manager?.stop();
    manager = undefined;
}
