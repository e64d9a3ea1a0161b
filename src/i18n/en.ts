/**
 * English: the source catalogue, bundled eagerly. Every other language implements `Catalogue`
 * (the type of this object), so a missing key or a wrong parameter list fails the type check.
 * Messages with parameters are functions, so each language can order words its own way.
 * Over 400 lines for a reason: one catalogue, every text of the app.
 */
import type { SipReason } from '../sip/reasons';

const plural = new Intl.PluralRules('en');

/** One text per reason kind, given that kind's data. */
export type ReasonTexts = {
  readonly [K in SipReason['kind']]: (reason: Extract<SipReason, { kind: K }>) => string;
};

export const en = {
  app: {
    name: 'UM Phone',
    phoneHeading: 'Phone',
    noscript: 'UM Phone needs JavaScript to make and receive calls.',
  },
  registration: {
    registered: 'Registered',
    connecting: 'Connecting…',
    registering: 'Registering…',
    reconnecting: 'Reconnecting…',
    signedOut: 'Not registered',
    failed: 'Registration failed',
    nextAttemptNow: 'next attempt now',
    nextAttemptIn: (seconds: number, at: string) => `next attempt in ${seconds} s, at ${at}`,
  },
  presence: {
    label: 'Presence',
    available: 'Available',
    busy: 'Busy',
    dnd: 'Do Not Disturb',
    brb: 'Be Right Back',
    away: 'Away',
    offline: 'Appear Offline',
    offlineHint: 'Calls are refused; voicemail playback still rings',
  },
  header: {
    signOut: 'Sign out',
    server: (url: string) => `Server: ${url}`,
  },
  signIn: {
    title: 'Sign in',
    serverUrl: 'Server URL',
    aor: 'SIP address',
    authUser: 'Auth user',
    authUserHint: 'Leave empty to use the user part of your SIP address.',
    password: 'Password',
    passwordHint: 'Kept in memory only, never stored.',
    displayName: 'Display name',
    advanced: 'Advanced',
    iceServers: 'ICE servers',
    iceServersHint: 'STUN/TURN URLs, separated by commas or new lines. Empty: local candidates only.',
    dtmf: 'DTMF',
    dtmfRfc4733: 'RFC 4733 tones',
    dtmfInfo: 'SIP INFO',
    skipPin: 'Skip voicemail PIN on trusted connections',
    skipPinHint: 'Only ever sent over a trusted transport: wss://, or ws:// to this computer.',
    voicemailApi: 'Voicemail web API',
    voicemailApiHint: 'For the message list and Play on my phone. Signs in with your SIP credentials.',
    trustedHosts: 'Trusted voicemail hosts',
    trustedHostsHint:
      'Voice message playback rings through Appear Offline only from these hosts. Empty: any server that follows the protocol.',
    contacts: 'Contacts',
    contactsHint: 'SIP addresses (or user names) whose presence you see: one per line.',
    language: 'Language',
    languageAuto: 'Browser default',
    submit: 'Sign in',
    trustedTls: 'Trusted transport (TLS): voicemail can skip the PIN.',
    trustedLocal: 'Trusted transport (this computer only): voicemail can skip the PIN.',
    untrusted:
      'Not a trusted transport: voicemail will always ask for the PIN. Use wss:// to allow skipping it.',
    serverList: 'Several servers (a cluster): separate them with spaces; the next is tried when one is lost.',
  },
  dialer: {
    title: 'Make a call',
    target: 'Number or SIP address',
    targetPlaceholder: 'bob, 1234 or sip:bob@example.com',
    subject: 'Subject',
    subjectHint: 'Optional. Shown to the person you call.',
    priority: 'Priority',
    call: 'Call',
    leaveMessage: 'Leave a voice message',
    notRegistered: 'You can call once the phone is registered.',
    enterTarget: 'Enter a number or SIP address.',
    dialPad: 'Dial pad',
  },
  priority: {
    normal: 'Normal',
    urgent: 'Urgent',
    emergency: 'Emergency',
    nonUrgent: 'Non-urgent',
  },
  call: {
    incomingRegion: 'Incoming call',
    incoming: 'Incoming call',
    activeRegion: 'Active call',
    answer: 'Answer',
    decline: 'Decline',
    hangUp: 'Hang up',
    mute: 'Mute',
    hold: 'Hold',
    keypad: 'Keypad',
    muted: 'Muted',
    calling: 'Calling…',
    connected: 'Connected',
    onHold: 'On hold',
    dtmfKeypad: 'DTMF keypad',
    typeDigits: 'You can also type the digits on your keyboard.',
    tonesLater: 'Tones can be sent once the call is connected.',
    forwardingOff: 'Forwarding is off for this call',
    answerHolds: 'Answering puts your current call on hold',
    sendToVoicemail: 'Send to voicemail',
    subject: 'Subject',
    priority: 'Priority',
    ended: 'Call ended',
    endedWith: (reason: string) => `Call ended: ${reason}`,
    /** An outgoing call answered by the callee's voicemail (src/protocol/call-diversion). */
    voicemailOf: (name: string) => `${name}'s voicemail`,
    recordingNote: 'You are leaving a voice message: it is being recorded.',
    forwarded: 'Forwarded…',
    holding: 'Putting on hold…',
    /** The far end put this call on hold (RFC 3264 §8.4). */
    heldBy: (name: string) => `On hold (${name})`,
    heldCalls: 'Calls on hold',
    resume: 'Resume',
    swap: 'Swap',
    resumeCall: (name: string) => `Resume the call with ${name}`,
    swapTo: (name: string) => `Swap to ${name}, holding the current call`,
    hangUpCall: (name: string) => `Hang up the call with ${name}`,
  },
  shortcuts: {
    /** Written the way aria-keyshortcuts wants it (and shown to people as is). */
    answer: 'Alt+Shift+A',
    decline: 'Alt+Shift+D',
    hangUp: 'Alt+Shift+H',
    incomingHint: (answer: string, decline: string) => `${answer} answers, ${decline} declines`,
    sendToVoicemail: 'Alt+Shift+V',
    withKey: (action: string, keys: string) => `${action} (${keys})`,
  },
  transfer: {
    open: 'Transfer',
    group: (name: string) => `Transfer ${name}`,
    target: 'Transfer to',
    hint: 'A name, number or SIP address',
    now: 'Transfer now',
    toVoicemail: 'To their voicemail',
    connectTo: (name: string) => `Connect to ${name}`,
    transferredBy: (name: string) => `Transferred by ${name}`,
  },
  purpose: {
    voicemail: 'Voicemail',
    playback: 'Voice message playback',
    leavingMessageFor: (name: string) => `Leaving a message for ${name}`,
    yourVoicemail: 'Your voicemail',
    unknownCaller: 'Unknown caller',
  },
  pin: {
    skipped: 'PIN skipped (trusted connection)',
    notSkipped: 'PIN not skipped: enter it when the voicemail asks',
    willSkip: 'PIN will be skipped (trusted connection)',
    willAsk: 'You will be asked for your PIN',
    whyUntrusted: 'The connection to the server is not a trusted transport.',
    whyOff: 'Skipping the PIN is turned off in the settings.',
  },
  announce: {
    isCalling: (who: string) => `${who} is calling`,
    urgentIsCalling: (who: string) => `Urgent call: ${who} is calling`,
    playbackRinging: 'Voice message playback is ringing',
    calling: (who: string) => `Calling ${who}`,
    connected: (who: string) => `Connected to ${who}`,
    resumed: (who: string) => `Call with ${who} resumed`,
    onHold: (who: string) => `Call with ${who} is on hold`,
    heldBy: (who: string) => `${who} put you on hold`,
    heldByOver: (who: string) => `${who} took you off hold`,
    voicemailAnswered: (who: string) => `${who}'s voicemail answered: you are leaving a voice message`,
    over: (who: string) => `Call with ${who} is over`,
    overWith: (who: string, reason: string) => `Call with ${who} is over (${reason})`,
  },
  history: {
    title: 'History',
    empty: 'No calls yet.',
    callBack: 'Call back',
    incoming: 'Incoming',
    outgoing: 'Outgoing',
    missed: 'Missed',
    voicemail: 'Voicemail',
    messageLeft: 'Message left',
    leftVoiceMessageFor: (name: string) => `Left a voice message for ${name}`,
    playback: 'Voice message playback',
    answeredElsewhere: 'Answered elsewhere',
    reportCallerReleased: 'The caller hung up before anyone answered',
    reportDeclined: 'Nobody could take the call',
    reportAnswered: (by: string, target: string) =>
      by && by !== target
        ? `Forwarded to ${target}, answered by ${by}`
        : `Forwarded to ${target} and answered there`,
    reportForbidden: (target: string) => `Forwarded to ${target}, which refused it (403)`,
    reportedByServer: 'Reported by the voicemail server',
    showOlder: 'Show older calls',
    shownOf: (shown: number, total: number) => `Showing the newest ${shown} of ${total} calls`,
  },
  voicemail: {
    title: 'Voicemail',
    waitingForCount: 'Waiting for the message count…',
    count: (newMessages: number, urgent: number) => {
      const base =
        newMessages === 0
          ? 'No new messages'
          : plural.select(newMessages) === 'one'
            ? `${newMessages} new message`
            : `${newMessages} new messages`;
      return urgent > 0 ? `${base} (${urgent} urgent)` : base;
    },
    call: 'Call voicemail',
    loading: 'Loading messages…',
    empty: 'Your mailbox is empty.',
    refresh: 'Refresh messages',
    list: 'Voice messages',
    playOnPhone: 'Play on my phone',
    duration: 'Duration',
    new: 'New',
    unknownTime: 'Unknown time',
    callingYourPhone: 'Calling your phone…',
    phoneRinging: 'Your phone is ringing',
    playing: 'Playing the message on your phone',
    playbackEnded: (cause: string) => `Playback ended (${cause})`,
    playbackFinished: 'Playback finished',
    playbackFailed: (cause: string) => `Could not play the message: ${cause}`,
    unknownError: 'unknown error',
  },
  voicemailPreview: {
    /** Heading read before the transcription (visually hidden). */
    label: 'Preview',
    pending: 'Preview being made…',
    none: 'No preview',
  },
  voicemailPlayer: {
    listen: 'Listen',
    closePlayer: 'Close player',
    player: (name: string) => `Player for the message from ${name}`,
    loading: 'Loading the recording…',
    loadFailed: (why: string) => `Could not load the recording: ${why}`,
    play: 'Play',
    pause: 'Pause',
    position: 'Position',
    positionText: (elapsed: string, total: string) => `${elapsed} of ${total}`,
    speed: 'Speed',
    speedOption: (rate: string) => `${rate}×`,
    ready: 'Ready to play',
    playing: 'Playing',
    paused: (at: string) => `Paused at ${at}`,
    ended: 'Finished',
    speedChanged: (rate: string) => `Speed ${rate}×`,
    keys: 'Space plays or pauses; the arrow keys move 5 seconds; Home and End jump to the start and the end.',
    markRead: 'Mark as read',
    markUnread: 'Mark as unread',
    delete: 'Delete',
    deleted: (name: string) => `Message from ${name} deleted`,
    undo: 'Undo',
    callBack: 'Call back',
  },
  notice: {
    dismiss: 'Dismiss',
  },
  devices: {
    title: 'Devices',
    microphone: 'Microphone',
    speaker: 'Speaker',
    ringer: 'Ringer',
    level: 'Microphone level',
    systemDefault: 'System default',
    unnamed: (n: number) => `Device ${n}`,
    missing: 'Not connected',
    denied: 'The browser did not allow the microphone.',
  },
  contacts: {
    heading: 'Contacts',
    /** A contact who is signed out or appears offline (not "Appear Offline": that is the user's choice). */
    offline: 'Offline',
    unknown: 'Unknown',
    call: (who: string) => `Call ${who}`,
  },
  ringtone: {
    blocked: 'Click anywhere to enable the ringtone',
  },
  recovery: {
    signInFailed: 'Sign-in failed: see the field marked below.',
    heading: 'Connection to the server lost',
    retryNow: 'Retry now',
    changeSettings: 'Change settings',
  },
  settings: {
    open: 'Settings',
    title: 'Settings',
    close: 'Close settings',
    save: 'Save',
    applied: 'Settings saved and in use.',
    signInAgain: 'Sign in again',
    signInAgainHint: 'The server and your identity change only with a new sign-in; your calls end.',
    account: 'Server and identity',
    contactsHint:
      'SIP addresses (or user names) whose presence you see: one per line. Saved when you leave the field.',
    saveContacts: 'Save contacts',
  },
  suggest: {
    contact: 'Contact',
    recent: 'Recent',
    count: (n: number) =>
      n === 0 ? 'No suggestions' : plural.select(n) === 'one' ? '1 suggestion' : `${n} suggestions`,
    hint: 'Suggestions from your contacts and recent calls: arrow keys choose, Enter takes one.',
  },
  subject: {
    counter: (n: number, max: number) => `${n} of ${max} characters`,
    tooLong: (max: number) => `The subject is longer than ${max} characters: shorten it to call.`,
    unsafe: 'The subject cannot contain line breaks, tabs or other control characters.',
    linkTitle: 'This link’s subject cannot be sent',
    linkProblem: (target: string, why: string) => `Calling ${target}: ${why}`,
    callWithout: 'Call without subject',
    edit: 'Edit the subject',
  },
  notification: {
    incoming: (who: string) => `${who} is calling`,
    urgent: (who: string) => `Urgent: ${who} is calling`,
    playback: 'Voice message playback',
    subject: (subject: string) => `Subject: ${subject}`,
    clickToAnswer: 'Click to open UM Phone and answer.',
  },
  title: {
    ringing: (who: string) => `Ringing: ${who} — UM Phone`,
    calling: (who: string) => `Calling ${who} — UM Phone`,
    inCall: (time: string) => `In call ${time} — UM Phone`,
    onHold: (time: string) => `On hold ${time} — UM Phone`,
    heldBy: (who: string) => `On hold (${who}) — UM Phone`,
    idle: 'UM Phone',
  },
  /**
   * Why something happened, one text per kind the SIP layer reports (src/sip/reasons.ts). The
   * English texts are the sentences the SIP layer used to produce, unchanged.
   */
  reasons: {
    'invalid-address': (r) => `“${r.address}” is not a valid SIP address.`,
    'unsafe-auth-user': () => 'The auth user may not contain quotes, backslashes or control characters.',
    connecting: () => 'Connecting…',
    'cannot-reach': (r) => `Cannot reach ${r.server}: ${r.error}`,
    'connection-closed': () => 'Connection to the server closed',
    disconnected: () => 'Disconnected',
    'browser-offline': () => 'The browser is offline',
    'keep-alive-unanswered': (r) => `No answer from the server in ${r.seconds} s`,
    'keep-alive-unsent': (r) => `Keep-alive could not be sent: ${r.error}`,
    'credentials-refused': (r) =>
      `Wrong user name or password (${r.status}): stopped trying. Check them and sign in again.`,
    'register-unanswered': () => 'No answer to REGISTER from the server',
    'register-refused': (r) =>
      `Registration failed: ${r.reasonPhrase || 'Registration refused'} (${r.status})`,
    'contact-not-confirmed': () => 'Registration failed: the registrar did not confirm our Contact',
    'register-not-sent': (r) => `Registration failed: ${r.error}`,
    'registration-expired': () => 'Registration expired',
    'client-not-loaded': (r) => r.error,
    'connection-lost': () => 'Connection to the server lost: the call ended',
    'call-not-recovered': (r) =>
      `The connection to the server did not come back within ${r.seconds} s: the call ended`,
    'call-resume-refused': (r) =>
      `The other side could not resume the call after the reconnection (${r.status})`,
    rejected: (r) => {
      switch (r.status) {
        case 403:
          return 'Forbidden (403)';
        case 404:
          return 'Not found (404)';
        case 408:
          return 'No answer (408)';
        case 480:
          return 'Unavailable (480)';
        case 486:
        case 600:
          return `Busy (${r.status})`;
        case 487:
          return 'Cancelled';
        case 603:
          return 'Declined (603)';
        default:
          return `${r.reasonPhrase || 'Call failed'} (${r.status})`;
      }
    },
    'call-failed': (r) => (r.error ? `Call failed: ${r.error}` : 'Call failed'),
    'answer-failed': (r) => `Could not answer: ${r.error}`,
    declined: () => 'Declined',
    'you-hung-up': () => 'You hung up',
    'hangup-failed': (r) => `Hang-up failed: ${r.error}`,
    'remote-hung-up': () => 'The other side hung up',
    'missed-caller-hung-up': () => 'Missed: the caller hung up',
    'sent-to-voicemail': () => 'Sent to voicemail',
    'handled-elsewhere': (r) =>
      r.status < 300
        ? 'Answered on another device'
        : r.status < 400
          ? 'Sent to voicemail on another device'
          : 'Declined on another device',
    transferred: () => 'Transferred',
    'hold-refused': () => 'The call could not be held.',
    'resume-refused': () => 'The call could not be resumed.',
    'hold-failed': (r) => `Hold failed: ${r.error}`,
    'no-keypad-tones': () => 'This call cannot send keypad tones.',
    'audio-blocked': () => 'The browser blocked call audio: click anywhere to hear it.',
    'no-dial-target': () => 'Enter a name, number or SIP address to call.',
    'invalid-target': (r) => `“${r.input}” is not a valid SIP address.`,
    'no-digits': () => 'That number has no digits.',
    'not-registered': () => 'Not registered: the call cannot be placed.',
    'not-connected': () => 'Not connected to the server.',
    'call-already-ended': () => 'That call has already ended.',
    'not-ringing': () => 'That call is no longer ringing.',
    'no-diversion': () => 'This call cannot be sent to voicemail.',
    'not-transferable': () => 'Only a connected call can be transferred.',
    'transfer-refused': (r) => `The transfer did not go through (${r.status}).`,
    'transfer-failed': (r) => `Transfer failed: ${r.error}`,
    'invalid-tone': (r) => `“${r.tone}” is not a keypad tone.`,
    'device-switch-failed': (r) => `The call could not move to the chosen device: ${r.error}`,
  } satisfies ReasonTexts as ReasonTexts,
  /**
   * Words that other layers (sip/, the voicemail web API, form validation) produce in English,
   * keyed by that English text. English needs no entries; other languages translate what they can
   * and anything else shows as it came.
   */
  known: {} as Readonly<Record<string, string>>,
};

export type Catalogue = typeof en;
