/**
 * The voicemail (Exchange UM) server emulator: SIP over TLS behind the lab
 * proxy, WebRTC audio through werift, mailboxes on disk, MWI through the
 * proxy's presence server, and an HTTP API for Play-On-Phone.
 *
 *   const um = await startUmServer({ certFile, keyFile });
 *   ... um.callLog.waitFor((e) => e.kind === 'deposit' && e.outcome !== 'in-progress') ...
 *   await um.stop();
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LAB_CONFIG, labUsers, proxyTlsName, type LabPaths, type LabUser } from '../lab';
import { DEFAULT_DIAL_PLAN } from '../voicemail-routing';
import { CallLog, type CallLogEntry } from './calllog';
import { startApi, type RunningApi } from './http/api';
import { DEFAULT_ALLOWED_ORIGINS, type OriginRule } from './http/cors';
import { DigestAuth } from './http/digest';
import { UmCall } from './ivr/call';
import { classifyInvite } from './ivr/classify';
import { runDeposit } from './ivr/deposit';
import { PlayOnPhoneManager } from './ivr/play-on-phone';
import { PinGuard, type PinGuardOptions } from './ivr/pin-guard';
import { runSubscriberAccess, type MenuTiming } from './ivr/subscriber-access';
import { MailboxStore } from './mailbox/store';
import type { MailboxSummary, VoiceMessage } from './mailbox/types';
import { AudioPlayer } from './media/player';
import { answerMedia } from './media/answer';
import { PreviewQueue } from './media/preview-queue';
import {
  IncompatibleTransportError,
  NoCommonCodecError,
  parseMediaMode,
  type MediaLeg,
  type UmMediaMode,
} from './media/leg';
import { MwiPublisher, type PublishResult } from './mwi';
import { NotificationLog, isNotificationInvite, notificationInviteProblem } from './notifications';
import { notificationAnswerSdp } from '../../src/protocol/user-notification';
import { PromptLibrary, checkAudioTools } from './prompts';
import { MULTIPART_REJECT_HEADERS, isMultipartContentType } from './multipart';
import { callIdOf, header } from './sip/message';
import { SipTransport } from './sip/transport';
import { SipUserAgent, type IncomingInvite } from './sip/user-agent';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface UmServerOptions {
  /** Address to listen on (SIP/TLS) and to connect to the proxy from. Default LAB_UM_ADDR 127.0.0.2. */
  sipHost?: string;
  /** SIP/TLS listening port. Default 5071; 0 = any free port. */
  sipPort?: number;
  /** The proxy (Kamailio) address and the TLS port of its servers' listener. Default 127.0.0.1:5062. */
  proxyHost?: string;
  proxyTlsPort?: number;
  /** The other nodes of a proxy cluster (lab/cluster.ts): also the proxy, tried when one fails. */
  proxyHosts?: readonly string[];
  /** SIP domain (also the HTTP Digest realm). Default umphone.test. */
  domain?: string;
  /** PEM certificate and key of this server (lab: the lab's um.crt/um.key), presented in both directions. */
  certFile: string;
  keyFile: string;
  /** The CA that issued the proxy's certificate (lab: ca.crt): mutual TLS, the only issuer trusted. */
  caFile: string;
  /** The name the proxy's certificate must carry. Default proxy.<domain> (lab/scripts/certs.sh). */
  proxyTlsName?: string;
  /** Where mailboxes (and the prompt cache) live. Default lab/run/um-data. */
  dataDir?: string;
  /** Prompt cache. Default <dataDir>/prompts. */
  promptsDir?: string;
  /** HTTP API address and port. Default 127.0.0.1:8091; port 0 = any free port. */
  httpHost?: string;
  httpPort?: number;
  /** users.conf (user password display-name pin). Default lab/users.conf. */
  usersFile?: string;
  /** Origins allowed to call the HTTP API from a browser. Default any http(s)://127.0.0.1:* and localhost:*. */
  allowedOrigins?: readonly OriginRule[];
  /** ICE host addresses added to werift's (loopback is skipped otherwise). Default ['127.0.0.1']. */
  iceAddresses?: string[];
  /** Deposit limits. Default 60 s / 0.5 s. */
  maxMessageSeconds?: number;
  minMessageSeconds?: number;
  /** Play-On-Phone ringing time before noAnswer. Default 30 s. */
  ringSeconds?: number;
  /** Expires of MWI publications. Default 600 s (refreshed at 80 %). */
  mwiExpires?: number;
  /** How long a message deleted through the web API can be restored before it is purged. Default 60 s. */
  trashSeconds?: number;
  /** PIN and menu timeouts (tests may shorten them). */
  menuTiming?: Partial<MenuTiming>;
  /** Wrong PINs across calls before a mailbox takes no PIN for a while (ivr/pin-guard.ts). */
  pinLockout?: Partial<PinGuardOptions>;
  /** HTTP Digest nonce lifetime. Default 5 min. */
  nonceLifetimeMs?: number;
  /** Log sink; default stderr with a `[um]` prefix. */
  log?: (line: string) => void;
  /** Log every SIP message sent/received. */
  traceSip?: boolean;
  /**
   * Dial plans served (MS-EUMR 2.2.2 Request-URI user): a proxy routing to
   * voicemail addresses the server as sip:<dial plan>@<fqdn>. Default
   * ['umphone-dialplan'] (the lab's default dial plan).
   */
  dialPlans?: readonly string[];
  /**
   * Answer 415 to every call INVITE whose body is multipart MIME (not to the notification dialog):
   * lets tests exercise the proxy's MS-EUMR 3.1.5.5 handling. Default false.
   */
  rejectMultipartBodies?: boolean;
  /**
   * How calls to the server carry media: 'webrtc' (werift, peer to peer with the browser) or
   * 'rtp' (plain RTP/AVP as real voicemail servers speak it; the proxy's relay bridges the
   * browser). Default LAB_UM_MEDIA, else 'webrtc' (lab/um/media/leg.ts).
   */
  media?: UmMediaMode;
}

/** Read access to one mailbox, for tests. */
export interface MailboxView {
  readonly user: string;
  /** Messages, oldest first (snapshot). */
  messages(): VoiceMessage[];
  summary(): MailboxSummary;
  /** Mu-law samples of a message. */
  audio(id: string): Promise<Buffer>;
  /** Path of the message's WAV file. */
  audioFile(id: string): string | undefined;
}

export interface RunningUm {
  /** Actual SIP/TLS port (useful with sipPort 0). */
  readonly sipPort: number;
  readonly sipHost: string;
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:8091 */
  readonly httpUrl: string;
  readonly domain: string;
  readonly dataDir: string;
  /** Every call handled (see CallLog.waitFor). */
  readonly callLog: CallLog;
  /** MS-EUMR 3.2 user notifications received (valid ones) and refused. */
  readonly notifications: NotificationLog;
  mailbox(user: string): MailboxView;
  /** The presence server's last answer to the mailbox's MWI PUBLISH. */
  lastMwiPublish(user: string): PublishResult | undefined;
  /** Publishes a mailbox's MWI now (also done on every change and at start-up). */
  publishMwi(user: string): Promise<PublishResult>;
  /** Ends calls (BYE), closes sockets. Idempotent. */
  stop(): Promise<void>;
}

/** The UM side of the lab's mutual TLS (lab/scripts/certs.sh): its certificate and key, and the lab CA. */
export function labUmTls(paths: Pick<LabPaths, 'umCertFile' | 'umKeyFile' | 'caFile'>): {
  certFile: string;
  keyFile: string;
  caFile: string;
} {
  return { certFile: paths.umCertFile, keyFile: paths.umKeyFile, caFile: paths.caFile };
}

function defaultLog(line: string): void {
  process.stderr.write(`[um ${new Date().toISOString().slice(11, 23)}] ${line}\n`);
}

export async function startUmServer(options: UmServerOptions): Promise<RunningUm> {
  const log = options.log ?? defaultLog;
  const domain = (options.domain ?? DEFAULT_LAB_CONFIG.domain).toLowerCase();
  const sipHost = options.sipHost ?? DEFAULT_LAB_CONFIG.umAddr;
  const proxyHost = options.proxyHost ?? DEFAULT_LAB_CONFIG.host;
  const dataDir = path.resolve(PROJECT_DIR, options.dataDir ?? path.join('lab', 'run', 'um-data'));
  const usersFile = path.resolve(PROJECT_DIR, options.usersFile ?? DEFAULT_LAB_CONFIG.usersFile);
  const maxMessageSeconds = options.maxMessageSeconds ?? 60;
  const minMessageSeconds = options.minMessageSeconds ?? 0.5;
  const iceAddresses = options.iceAddresses ?? ['127.0.0.1'];
  const mediaMode = options.media ?? parseMediaMode(process.env.LAB_UM_MEDIA);

  await checkAudioTools();
  const users = new Map<string, LabUser>(labUsers(usersFile, domain).map((u) => [u.name, u]));
  const store = await MailboxStore.open(path.join(dataDir, 'mailboxes'), [...users.keys()], log, {
    trashSeconds: options.trashSeconds,
  });
  const prompts = new PromptLibrary({ dir: options.promptsDir ?? path.join(dataDir, 'prompts'), log });
  const started = Date.now();
  await prompts.prepare();
  log(`prompts ready in ${Date.now() - started} ms`);
  const callLog = new CallLog();
  const pinGuard = new PinGuard(options.pinLockout);
  const notifications = new NotificationLog();

  const transport = new SipTransport(
    {
      host: sipHost,
      port: options.sipPort ?? DEFAULT_LAB_CONFIG.umPort,
      proxyHost,
      proxyHosts: options.proxyHosts ?? [],
      proxyPort: options.proxyTlsPort ?? DEFAULT_LAB_CONFIG.peerTlsPort,
      certFile: options.certFile,
      keyFile: options.keyFile,
      caFile: options.caFile,
      proxyName: options.proxyTlsName ?? proxyTlsName(domain),
      log,
      trace: options.traceSip ?? false,
    },
    {
      onMessage: (message, connection) => ua.onMessage(message, connection),
      // A restarted proxy has lost every publication (in-memory presence): publish them again.
      onProxyReconnected: () => {
        for (const user of users.keys()) void mwi.publish(user);
      },
    },
  );
  const ua = new SipUserAgent({ transport, contactUser: 'um', log });

  const mwi = new MwiPublisher({
    ua,
    domain,
    expires: options.mwiExpires ?? 600,
    summary: (user) => store.summary(user),
    log,
    stateFile: path.join(dataDir, 'mwi-etags.json'),
  });
  store.onChange((user) => void mwi.publish(user));

  const playOnPhone = new PlayOnPhoneManager({
    ua,
    store,
    prompts,
    callLog,
    domain,
    media: { iceAdditionalHostAddresses: iceAddresses },
    ringSeconds: options.ringSeconds ?? 30,
    log,
  });

  // Voice mail previews (issue 18), made after each deposit, off the SIP path.
  const previews = new PreviewQueue({ audioPath: (user, id) => store.audioPath(user, id), log });

  const activeCalls = new Set<UmCall>();
  const flows = new Set<Promise<void>>();
  let stopping = false;

  const handleInvite = async (invite: IncomingInvite): Promise<void> => {
    const request = invite.request;
    if (stopping) {
      invite.reject(503, 'Service Unavailable (shutting down)');
      return;
    }
    // MS-OCEXUM 3.1: the trusted transport is TLS from the proxy: its certificate (mutual TLS,
    // checked by the transport), with its address as a second factor.
    const trusted =
      invite.connection.secure &&
      invite.connection.proxyVerified &&
      transport.proxyAddresses.includes(invite.connection.remoteAddress);
    if (!trusted) {
      log(`INVITE from ${invite.connection.remoteAddress} refused: not the proxy`);
      invite.reject(403, 'Forbidden (only the proxy may call the voicemail server)');
      return;
    }
    if (isNotificationInvite(request)) {
      // MS-EUMR 2.2.4/2.2.5: the proxy's notification dialog; its INFOs carry the events (3.2).
      const problem = notificationInviteProblem(request);
      if (problem) {
        log(`notification INVITE refused: ${problem.status} ${problem.reason}`);
        invite.reject(problem.status, problem.reason);
        return;
      }
      const dialog = invite.accept(notificationAnswerSdp(sipHost));
      dialog.onInfo = (info) => notifications.handleInfo(info);
      log(`notification dialog ${callIdOf(request)} open`);
      return;
    }
    if (options.rejectMultipartBodies && isMultipartContentType(header(request, 'content-type'))) {
      // MS-EUMR 3.1.5.5: the proxy then stops here and passes the 415 back to the caller.
      log(`INVITE ${request.uri} refused: 415 (multipart body)`);
      invite.reject(415, 'Unsupported Media Type', [...MULTIPART_REJECT_HEADERS]);
      return;
    }
    const route = classifyInvite(request, {
      domain,
      isMailbox: (u) => users.has(u),
      displayName: (u) => users.get(u)?.displayName,
      trustedTransport: trusted,
      dialPlans: options.dialPlans ?? [DEFAULT_DIAL_PLAN],
    });
    if (route.kind === 'reject') {
      log(`INVITE ${request.uri} refused: ${route.status} ${route.reason}`);
      invite.reject(route.status, route.reason);
      return;
    }
    const entry: CallLogEntry = callLog.start({
      kind: route.kind,
      mailbox: route.mailbox,
      caller: route.caller,
      callerName: route.callerName,
      sipCallId: callIdOf(request),
      skipPinRequested: route.skipPinRequested,
      skipPinHonoured: route.kind === 'subscriber-access' && route.skipPin,
      diverted: route.diverted,
    });
    log(
      `${route.kind} call ${entry.id} for ${route.mailbox} from ${route.caller}` +
        (route.kind === 'subscriber-access'
          ? ` (skip-pin ${route.skipPinRequested ? (route.skipPin ? 'honoured' : 'ignored') : 'absent'})`
          : ''),
    );

    if (request.body.length === 0) {
      // An offerless INVITE would need our offer in the 200 and the answer in the ACK; not supported.
      invite.reject(488, 'Not Acceptable Here (SDP offer required)');
      callLog.finish(entry, 'rejected', '488: no SDP offer');
      return;
    }
    let session: MediaLeg;
    let sdp: string;
    try {
      ({ session, sdp } = await answerMedia(mediaMode, request.body.toString('utf8'), {
        iceAdditionalHostAddresses: iceAddresses,
        rtpHost: sipHost,
        log: (line) => log(`[${entry.id}] ${line}`),
      }));
    } catch (error) {
      const noCodec = error instanceof NoCommonCodecError;
      if (error instanceof IncompatibleTransportError) {
        // RFC 3261 20.43: Warning 302 tells the proxy the offer's transport profile is the
        // problem; kamailio.cfg (route[MEDIA_RETRY]) then sends the call again through its relay.
        invite.reject(488, 'Not Acceptable Here', [
          `Warning: 302 ${sipHost} "Incompatible transport protocol"`,
        ]);
      } else invite.reject(488, noCodec ? 'Not Acceptable Here (PCMU required)' : 'Not Acceptable Here');
      callLog.finish(entry, 'rejected', `488: ${String(error)}`);
      return;
    }
    if (invite.isCancelled || stopping) {
      await session.close();
      if (!invite.isCancelled) invite.reject(503, 'Service Unavailable (shutting down)');
      callLog.finish(entry, 'cancelled', 'CANCEL before answer');
      return;
    }
    const dialog = invite.accept(sdp);
    const player = new AudioPlayer();
    const call = new UmCall(dialog, session, player, entry, callLog);
    activeCalls.add(call);
    try {
      const connected = await call.mediaConnected();
      if (!connected) {
        if (call.isUp) {
          await call.hangUp();
          callLog.finish(entry, 'failed', 'media did not connect within 10 s');
        } else callLog.finish(entry, 'caller-hung-up', 'before media connected');
        return;
      }
      session.start(player.nextFrame);
      if (route.kind === 'subscriber-access') {
        const user = users.get(route.mailbox);
        await runSubscriberAccess({
          call,
          callLog,
          store,
          prompts,
          mailbox: route.mailbox,
          pin: user?.pin ?? '',
          skipPin: route.skipPin,
          pinGuard,
          ...(options.menuTiming ? { timing: options.menuTiming } : {}),
        });
      } else {
        const owner = users.get(route.mailbox);
        await runDeposit({
          call,
          callLog,
          store,
          prompts,
          mailbox: route.mailbox,
          ownerName: owner?.displayName || route.mailbox,
          caller: route.caller,
          callerName: route.callerName,
          subject: route.subject,
          priority: route.priority,
          maxSeconds: maxMessageSeconds,
          minSeconds: minMessageSeconds,
          previews,
        });
      }
    } finally {
      activeCalls.delete(call);
      if (call.isUp) await call.hangUp().catch(() => {});
      log(
        `call ${entry.id} ended: ${entry.outcome}${entry.detail ? ` (${entry.detail})` : ''}; prompts ${entry.prompts.join(',')}; digits ${entry.digits.join('')}`,
      );
    }
  };

  ua.delegate = {
    onInvite: (invite) => {
      const flow = handleInvite(invite).catch((error: unknown) => {
        log(`INVITE handling failed: ${String(error)}`);
        invite.reject(500, 'Server Internal Error');
      });
      flows.add(flow);
      void flow.finally(() => flows.delete(flow));
    },
  };

  await transport.listen();
  let api: RunningApi;
  try {
    api = await startApi({
      host: options.httpHost ?? '127.0.0.1',
      port: options.httpPort ?? 8091,
      domain,
      store,
      callLog,
      playOnPhone,
      digest: new DigestAuth({
        realm: domain,
        password: (user) => users.get(user)?.password,
        ...(options.nonceLifetimeMs ? { nonceLifetimeMs: options.nonceLifetimeMs } : {}),
      }),
      allowedOrigins: options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS,
      log,
      notifications,
    });
  } catch (error) {
    await transport.close();
    throw error;
  }
  log(
    `SIP/TLS on ${sipHost}:${transport.port}, proxy ${proxyHost}:${options.proxyTlsPort ?? DEFAULT_LAB_CONFIG.peerTlsPort}, HTTP ${api.url}, data ${dataDir}`,
  );

  // RFC 3842: publish every mailbox's state at start-up (failures are retried by the publisher).
  await Promise.race([
    Promise.all([...users.keys()].map((u) => mwi.publish(u))),
    new Promise((resolve) => setTimeout(resolve, 3000)),
  ]);

  let stopPromise: Promise<void> | undefined;
  const running: RunningUm = {
    sipPort: transport.port,
    sipHost,
    httpUrl: api.url,
    domain,
    dataDir,
    callLog,
    notifications,
    mailbox(user: string): MailboxView {
      if (!store.has(user)) throw new Error(`no mailbox ${user}`);
      return {
        user,
        messages: () => store.list(user),
        summary: () => store.summary(user),
        audio: (id) => store.readAudio(user, id),
        audioFile: (id) => store.audioPath(user, id),
      };
    },
    lastMwiPublish: (user) => mwi.lastResult(user),
    publishMwi: (user) => mwi.publish(user),
    stop() {
      stopPromise ??= (async () => {
        stopping = true;
        log('stopping: ending calls');
        await playOnPhone.shutdown();
        await Promise.all([...activeCalls].map((call) => call.shutdown().catch(() => {})));
        await Promise.race([Promise.all([...flows]), new Promise((resolve) => setTimeout(resolve, 5000))]);
        await previews.stop();
        // Withdraw the MWI publications: a later server (maybe with another data dir) starts clean.
        await mwi.stop(true);
        await api.close();
        store.close();
        await store.flush();
        await transport.close();
        log('stopped');
      })();
      return stopPromise;
    },
  };
  return running;
}
