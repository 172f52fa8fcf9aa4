import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  configureRequestOptions,
  configureRequestUrl,
  HttpExecutor,
  type DownloadOptions,
} from 'builder-util-runtime';
import { request, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { NsisUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import type { Updater } from '../../src/main/updates/update-controller';

/**
 * A generic-provider update feed on 127.0.0.1, as electron-builder publishes one: a latest*.yml
 * naming an installer with its sha512 and size, and the installer itself (a few bytes, never run).
 */
export interface UpdateFeed {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function serveUpdateFeed(options: {
  version: string;
  installer?: Buffer;
  /** Announce this sha512 instead of the installer's (a tampered download). */
  announcedSha512?: string;
}): Promise<UpdateFeed> {
  const installer = options.installer ?? Buffer.from('not really an installer');
  const name = `POS-Connect-Setup-${options.version}.exe`;
  const sha512 = options.announcedSha512 ?? createHash('sha512').update(installer).digest('base64');
  const latest = [
    `version: ${options.version}`,
    'files:',
    `  - url: ${name}`,
    `    sha512: ${sha512}`,
    `    size: ${installer.length}`,
    `path: ${name}`,
    `sha512: ${sha512}`,
    `releaseDate: '2026-11-27T00:00:00.000Z'`,
    '',
  ].join('\n');
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    // latest.yml on Windows, latest-mac.yml, latest-linux.yml: the same feed for every platform.
    if (/^\/latest(-[a-z0-9-]+)?\.yml$/.test(path)) {
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(latest);
    } else if (path === `/${name}`) {
      res
        .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': installer.length })
        .end(installer);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Node's HTTP for electron-updater's requests and downloads (Electron's net module elsewhere). */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    return request(options, callback);
  }

  // The same as electron-updater's ElectronHttpExecutor.download, over Node's HTTP.
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error == null ? resolve(destination) : reject(error)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}

/**
 * electron-updater's own updater, outside Electron: the app adapter electron-updater defines for
 * this, and Node's HTTP in place of Electron's net module (what electron-builder's own updater
 * tests do). Its feed comes from app-update.yml, as electron-builder writes it at build time.
 */
export async function openNodeUpdater(options: {
  dir: string;
  feedUrl: string;
  version: string;
  publisherName?: string;
}): Promise<Updater> {
  await mkdir(options.dir, { recursive: true });
  const configPath = join(options.dir, 'app-update.yml');
  await writeFile(
    configPath,
    [
      'provider: generic',
      `url: ${options.feedUrl}`,
      'updaterCacheDirName: pos-connect-updater',
      ...(options.publisherName ? [`publisherName:`, `  - ${options.publisherName}`] : []),
      '',
    ].join('\n'),
  );
  const app: AppAdapter = {
    version: options.version,
    name: 'POS Connect',
    isPackaged: true,
    appUpdateConfigPath: configPath,
    userDataPath: join(options.dir, 'user-data'),
    baseCachePath: join(options.dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new NsisUpdater(undefined, app);
  updater.logger = null;
  (updater as unknown as { httpExecutor: HttpExecutor<ClientRequest> }).httpExecutor = new NodeHttpExecutor();
  return updater;
}
