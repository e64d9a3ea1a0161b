/**
 * German. Loaded on demand (dynamic import), so English-speaking users never download it.
 * Over 400 lines for a reason: one catalogue, every text of the app.
 */
import type { Catalogue } from './en';

const plural = new Intl.PluralRules('de');

export const de: Catalogue = {
  app: {
    name: 'UM Phone',
    phoneHeading: 'Telefon',
    noscript: 'UM Phone braucht JavaScript, um Anrufe zu tätigen und anzunehmen.',
  },
  registration: {
    registered: 'Angemeldet',
    connecting: 'Verbinden…',
    registering: 'Anmelden…',
    reconnecting: 'Neu verbinden…',
    signedOut: 'Nicht angemeldet',
    failed: 'Anmeldung fehlgeschlagen',
    nextAttemptNow: 'nächster Versuch jetzt',
    nextAttemptIn: (seconds, at) => `nächster Versuch in ${seconds} s, um ${at}`,
  },
  presence: {
    label: 'Status',
    available: 'Verfügbar',
    busy: 'Beschäftigt',
    dnd: 'Nicht stören',
    brb: 'Bin gleich zurück',
    away: 'Abwesend',
    offline: 'Offline anzeigen',
    offlineHint: 'Anrufe werden abgewiesen; die Sprachnachricht-Wiedergabe klingelt trotzdem',
  },
  header: {
    signOut: 'Abmelden',
    server: (url) => `Server: ${url}`,
  },
  signIn: {
    title: 'Anmelden',
    serverUrl: 'Server-URL',
    aor: 'SIP-Adresse',
    authUser: 'Benutzername (Authentifizierung)',
    authUserHint: 'Leer lassen, um den Benutzerteil Ihrer SIP-Adresse zu verwenden.',
    password: 'Passwort',
    passwordHint: 'Nur im Arbeitsspeicher, nie gespeichert.',
    displayName: 'Anzeigename',
    advanced: 'Erweitert',
    iceServers: 'ICE-Server',
    iceServersHint: 'STUN/TURN-URLs, getrennt durch Kommas oder Zeilenumbrüche. Leer: nur lokale Kandidaten.',
    dtmf: 'DTMF',
    dtmfRfc4733: 'RFC-4733-Töne',
    dtmfInfo: 'SIP INFO',
    skipPin: 'Voicemail-PIN bei vertrauenswürdigen Verbindungen überspringen',
    skipPinHint:
      'Wird nur über einen vertrauenswürdigen Transport gesendet: wss:// oder ws:// zu diesem Computer.',
    voicemailApi: 'Voicemail-Web-API',
    voicemailApiHint:
      'Für die Nachrichtenliste und „Auf meinem Telefon abspielen“. Meldet sich mit Ihren SIP-Zugangsdaten an.',
    trustedHosts: 'Vertrauenswürdige Voicemail-Hosts',
    trustedHostsHint:
      'Die Wiedergabe von Sprachnachrichten klingelt bei „Offline anzeigen“ nur von diesen Hosts. Leer: jeder Server, der das Protokoll einhält.',
    contacts: 'Kontakte',
    contactsHint: 'SIP-Adressen (oder Benutzernamen), deren Anwesenheit Sie sehen: eine pro Zeile.',
    language: 'Sprache',
    languageAuto: 'Browser-Einstellung',
    submit: 'Anmelden',
    trustedTls: 'Vertrauenswürdiger Transport (TLS): die Voicemail kann die PIN überspringen.',
    trustedLocal:
      'Vertrauenswürdiger Transport (nur dieser Computer): die Voicemail kann die PIN überspringen.',
    untrusted:
      'Kein vertrauenswürdiger Transport: die Voicemail fragt immer nach der PIN. Mit wss:// kann sie übersprungen werden.',
    serverList:
      'Mehrere Server (ein Cluster): durch Leerzeichen trennen; fällt einer aus, wird der nächste versucht.',
  },
  dialer: {
    title: 'Anrufen',
    target: 'Nummer oder SIP-Adresse',
    targetPlaceholder: 'bob, 1234 oder sip:bob@example.com',
    subject: 'Betreff',
    subjectHint: 'Optional. Wird der angerufenen Person angezeigt.',
    priority: 'Priorität',
    call: 'Anrufen',
    leaveMessage: 'Sprachnachricht hinterlassen',
    notRegistered: 'Sie können anrufen, sobald das Telefon angemeldet ist.',
    enterTarget: 'Geben Sie eine Nummer oder SIP-Adresse ein.',
    dialPad: 'Wähltastatur',
  },
  priority: {
    normal: 'Normal',
    urgent: 'Dringend',
    emergency: 'Notfall',
    nonUrgent: 'Nicht dringend',
  },
  call: {
    incomingRegion: 'Eingehender Anruf',
    incoming: 'Eingehender Anruf',
    activeRegion: 'Aktiver Anruf',
    answer: 'Annehmen',
    decline: 'Ablehnen',
    hangUp: 'Auflegen',
    mute: 'Stumm',
    hold: 'Halten',
    keypad: 'Tastenfeld',
    muted: 'Stummgeschaltet',
    calling: 'Wird angerufen…',
    connected: 'Verbunden',
    onHold: 'Gehalten',
    dtmfKeypad: 'DTMF-Tastenfeld',
    typeDigits: 'Sie können die Ziffern auch über die Tastatur eingeben.',
    tonesLater: 'Töne können gesendet werden, sobald der Anruf verbunden ist.',
    forwardingOff: 'Weiterleitung ist für diesen Anruf ausgeschaltet',
    answerHolds: 'Beim Annehmen wird Ihr aktueller Anruf gehalten',
    sendToVoicemail: 'An die Mailbox',
    subject: 'Betreff',
    priority: 'Priorität',
    ended: 'Anruf beendet',
    endedWith: (reason) => `Anruf beendet: ${reason}`,
    voicemailOf: (name) => `Voicemail von ${name}`,
    recordingNote: 'Sie hinterlassen eine Sprachnachricht: sie wird aufgezeichnet.',
    forwarded: 'Weitergeleitet…',
    holding: 'Wird gehalten…',
    heldBy: (name) => `Gehalten (${name})`,
    heldCalls: 'Gehaltene Anrufe',
    resume: 'Fortsetzen',
    swap: 'Wechseln',
    resumeCall: (name) => `Anruf mit ${name} fortsetzen`,
    swapTo: (name) => `Zu ${name} wechseln, den laufenden Anruf halten`,
    hangUpCall: (name) => `Anruf mit ${name} beenden`,
  },
  shortcuts: {
    answer: 'Alt+Shift+A',
    decline: 'Alt+Shift+D',
    hangUp: 'Alt+Shift+H',
    incomingHint: (answer, decline) => `${answer} nimmt an, ${decline} lehnt ab`,
    sendToVoicemail: 'Alt+Shift+V',
    withKey: (action, keys) => `${action} (${keys})`,
  },
  transfer: {
    open: 'Weitervermitteln',
    group: (name) => `${name} weitervermitteln`,
    target: 'Weitervermitteln an',
    hint: 'Name, Nummer oder SIP-Adresse',
    now: 'Jetzt weitervermitteln',
    toVoicemail: 'An deren Mailbox',
    connectTo: (name) => `Mit ${name} verbinden`,
    transferredBy: (name) => `Weitervermittelt von ${name}`,
  },
  purpose: {
    voicemail: 'Voicemail',
    playback: 'Wiedergabe einer Sprachnachricht',
    leavingMessageFor: (name) => `Nachricht für ${name}`,
    yourVoicemail: 'Ihre Voicemail',
    unknownCaller: 'Unbekannter Anrufer',
  },
  pin: {
    skipped: 'PIN übersprungen (vertrauenswürdige Verbindung)',
    notSkipped: 'PIN nicht übersprungen: geben Sie sie ein, wenn die Voicemail danach fragt',
    willSkip: 'Die PIN wird übersprungen (vertrauenswürdige Verbindung)',
    willAsk: 'Sie werden nach Ihrer PIN gefragt',
    whyUntrusted: 'Die Verbindung zum Server ist kein vertrauenswürdiger Transport.',
    whyOff: 'Das Überspringen der PIN ist in den Einstellungen ausgeschaltet.',
  },
  announce: {
    isCalling: (who) => `${who} ruft an`,
    urgentIsCalling: (who) => `Dringender Anruf: ${who} ruft an`,
    playbackRinging: 'Die Wiedergabe einer Sprachnachricht klingelt',
    calling: (who) => `${who} wird angerufen`,
    connected: (who) => `Verbunden mit ${who}`,
    resumed: (who) => `Anruf mit ${who} fortgesetzt`,
    onHold: (who) => `Anruf mit ${who} wird gehalten`,
    heldBy: (who) => `${who} hat Sie in die Warteschleife gelegt`,
    heldByOver: (who) => `${who} hat Sie aus der Warteschleife geholt`,
    voicemailAnswered: (who) =>
      `Die Voicemail von ${who} hat angenommen: Sie hinterlassen eine Sprachnachricht`,
    over: (who) => `Anruf mit ${who} ist vorbei`,
    overWith: (who, reason) => `Anruf mit ${who} ist vorbei (${reason})`,
  },
  history: {
    title: 'Verlauf',
    empty: 'Noch keine Anrufe.',
    callBack: 'Zurückrufen',
    incoming: 'Eingehend',
    outgoing: 'Ausgehend',
    missed: 'Verpasst',
    voicemail: 'Voicemail',
    messageLeft: 'Nachricht hinterlassen',
    leftVoiceMessageFor: (name) => `Nachricht für ${name} hinterlassen`,
    playback: 'Wiedergabe einer Sprachnachricht',
    answeredElsewhere: 'Anderswo angenommen',
    reportCallerReleased: 'Der Anrufer hat aufgelegt, bevor jemand abnahm',
    reportDeclined: 'Niemand konnte den Anruf annehmen',
    reportAnswered: (by: string, target: string) =>
      by && by !== target
        ? `Weitergeleitet an ${target}, angenommen von ${by}`
        : `Weitergeleitet an ${target} und dort angenommen`,
    reportForbidden: (target: string) => `Weitergeleitet an ${target}, dort abgewiesen (403)`,
    reportedByServer: 'Gemeldet vom Voicemail-Server',
    showOlder: 'Ältere Anrufe anzeigen',
    shownOf: (shown: number, total: number) => `Die neuesten ${shown} von ${total} Anrufen`,
  },
  voicemail: {
    title: 'Voicemail',
    waitingForCount: 'Warte auf die Anzahl der Nachrichten…',
    count: (newMessages, urgent) => {
      const base =
        newMessages === 0
          ? 'Keine neuen Nachrichten'
          : plural.select(newMessages) === 'one'
            ? `${newMessages} neue Nachricht`
            : `${newMessages} neue Nachrichten`;
      return urgent > 0 ? `${base} (${urgent} dringend)` : base;
    },
    call: 'Voicemail anrufen',
    loading: 'Nachrichten werden geladen…',
    empty: 'Ihr Postfach ist leer.',
    refresh: 'Nachrichten aktualisieren',
    list: 'Sprachnachrichten',
    playOnPhone: 'Auf meinem Telefon abspielen',
    duration: 'Dauer',
    new: 'Neu',
    unknownTime: 'Unbekannte Zeit',
    callingYourPhone: 'Ihr Telefon wird angerufen…',
    phoneRinging: 'Ihr Telefon klingelt',
    playing: 'Die Nachricht wird auf Ihrem Telefon abgespielt',
    playbackEnded: (cause) => `Wiedergabe beendet (${cause})`,
    playbackFinished: 'Wiedergabe abgeschlossen',
    playbackFailed: (cause) => `Die Nachricht konnte nicht abgespielt werden: ${cause}`,
    unknownError: 'unbekannter Fehler',
  },
  voicemailPreview: {
    label: 'Vorschau',
    pending: 'Vorschau wird erstellt…',
    none: 'Keine Vorschau',
  },
  voicemailPlayer: {
    listen: 'Anhören',
    closePlayer: 'Player schließen',
    player: (name) => `Player für die Nachricht von ${name}`,
    loading: 'Die Aufnahme wird geladen…',
    loadFailed: (why) => `Die Aufnahme konnte nicht geladen werden: ${why}`,
    play: 'Abspielen',
    pause: 'Pause',
    position: 'Position',
    positionText: (elapsed, total) => `${elapsed} von ${total}`,
    speed: 'Geschwindigkeit',
    speedOption: (rate) => `${rate}×`,
    ready: 'Bereit zum Abspielen',
    playing: 'Wird abgespielt',
    paused: (at) => `Angehalten bei ${at}`,
    ended: 'Zu Ende',
    speedChanged: (rate) => `Geschwindigkeit ${rate}×`,
    keys: 'Leertaste spielt ab oder hält an; die Pfeiltasten springen 5 Sekunden; Pos1 und Ende springen an den Anfang und das Ende.',
    markRead: 'Als gelesen markieren',
    markUnread: 'Als ungelesen markieren',
    delete: 'Löschen',
    deleted: (name) => `Nachricht von ${name} gelöscht`,
    undo: 'Rückgängig',
    callBack: 'Zurückrufen',
  },
  notice: {
    dismiss: 'Schließen',
  },
  devices: {
    title: 'Geräte',
    microphone: 'Mikrofon',
    speaker: 'Lautsprecher',
    ringer: 'Klingelton',
    level: 'Mikrofonpegel',
    systemDefault: 'Systemstandard',
    unnamed: (n) => `Gerät ${n}`,
    missing: 'Nicht verbunden',
    denied: 'Der Browser hat das Mikrofon nicht erlaubt.',
  },
  contacts: {
    heading: 'Kontakte',
    offline: 'Offline',
    unknown: 'Unbekannt',
    call: (who) => `${who} anrufen`,
  },
  ringtone: {
    blocked: 'Klicken Sie irgendwohin, um den Klingelton einzuschalten',
  },
  recovery: {
    signInFailed: 'Anmeldung fehlgeschlagen: siehe das markierte Feld unten.',
    heading: 'Verbindung zum Server verloren',
    retryNow: 'Jetzt erneut versuchen',
    changeSettings: 'Einstellungen ändern',
  },
  settings: {
    open: 'Einstellungen',
    title: 'Einstellungen',
    close: 'Einstellungen schließen',
    save: 'Speichern',
    applied: 'Einstellungen gespeichert und wirksam.',
    signInAgain: 'Neu anmelden',
    signInAgainHint: 'Server und Identität ändern sich nur mit einer neuen Anmeldung; laufende Anrufe enden.',
    account: 'Server und Identität',
    contactsHint:
      'SIP-Adressen (oder Benutzernamen), deren Status Sie sehen: eine pro Zeile. Gespeichert, wenn Sie das Feld verlassen.',
    saveContacts: 'Kontakte speichern',
  },
  suggest: {
    contact: 'Kontakt',
    recent: 'Zuletzt',
    count: (n) => (n === 0 ? 'Keine Vorschläge' : n === 1 ? '1 Vorschlag' : `${n} Vorschläge`),
    hint: 'Vorschläge aus Ihren Kontakten und letzten Anrufen: Pfeiltasten wählen, Eingabe übernimmt.',
  },
  subject: {
    counter: (n, max) => `${n} von ${max} Zeichen`,
    tooLong: (max) => `Der Betreff ist länger als ${max} Zeichen: kürzen Sie ihn, um anzurufen.`,
    unsafe: 'Der Betreff darf keine Zeilenumbrüche, Tabulatoren oder andere Steuerzeichen enthalten.',
    linkTitle: 'Der Betreff dieses Links kann nicht gesendet werden',
    linkProblem: (target, why) => `Anruf an ${target}: ${why}`,
    callWithout: 'Ohne Betreff anrufen',
    edit: 'Betreff bearbeiten',
  },
  notification: {
    incoming: (who) => `${who} ruft an`,
    urgent: (who) => `Dringend: ${who} ruft an`,
    playback: 'Wiedergabe einer Sprachnachricht',
    subject: (subject) => `Betreff: ${subject}`,
    clickToAnswer: 'Klicken, um UM Phone zu öffnen und anzunehmen.',
  },
  title: {
    ringing: (who) => `Es klingelt: ${who} — UM Phone`,
    calling: (who) => `${who} wird angerufen — UM Phone`,
    inCall: (time) => `Im Gespräch ${time} — UM Phone`,
    onHold: (time) => `Gehalten ${time} — UM Phone`,
    heldBy: (who) => `Gehalten (${who}) — UM Phone`,
    idle: 'UM Phone',
  },
  reasons: {
    'invalid-address': (r) => `„${r.address}“ ist keine gültige SIP-Adresse.`,
    'unsafe-auth-user': () =>
      'Der Benutzername darf keine Anführungszeichen, Backslashes oder Steuerzeichen enthalten.',
    connecting: () => 'Verbindung wird aufgebaut…',
    'cannot-reach': (r) => `${r.server} ist nicht erreichbar: ${r.error}`,
    'connection-closed': () => 'Verbindung zum Server geschlossen',
    disconnected: () => 'Getrennt',
    'browser-offline': () => 'Der Browser ist offline',
    'keep-alive-unanswered': (r) => `Keine Antwort vom Server innerhalb von ${r.seconds} s`,
    'keep-alive-unsent': (r) => `Die Verbindungsprüfung konnte nicht gesendet werden: ${r.error}`,
    'credentials-refused': (r) =>
      `Falscher Benutzername oder falsches Passwort (${r.status}): keine weiteren Versuche. Prüfen Sie beides und melden Sie sich erneut an.`,
    'register-unanswered': () => 'Keine Antwort des Servers auf die Anmeldung (REGISTER)',
    'register-refused': (r) => `Anmeldung fehlgeschlagen: ${r.reasonPhrase || 'abgewiesen'} (${r.status})`,
    'contact-not-confirmed': () =>
      'Anmeldung fehlgeschlagen: der Registrar hat unseren Contact nicht bestätigt',
    'register-not-sent': (r) => `Anmeldung fehlgeschlagen: ${r.error}`,
    'registration-expired': () => 'Anmeldung abgelaufen',
    'client-not-loaded': (r) => `Das Telefon konnte nicht geladen werden: ${r.error}`,
    'connection-lost': () => 'Verbindung zum Server verloren: der Anruf wurde beendet',
    'call-not-recovered': (r) =>
      `Die Verbindung zum Server kam nicht innerhalb von ${r.seconds} s zurück: der Anruf wurde beendet`,
    'call-resume-refused': (r) =>
      `Die Gegenseite konnte den Anruf nach der Neuverbindung nicht fortsetzen (${r.status})`,
    rejected: (r) => {
      switch (r.status) {
        case 403:
          return 'Verboten (403)';
        case 404:
          return 'Nicht gefunden (404)';
        case 408:
          return 'Keine Antwort (408)';
        case 480:
          return 'Nicht erreichbar (480)';
        case 486:
        case 600:
          return `Besetzt (${r.status})`;
        case 487:
          return 'Abgebrochen';
        case 603:
          return 'Abgelehnt (603)';
        default:
          return `Anruf fehlgeschlagen: ${r.reasonPhrase || 'unbekannter Grund'} (${r.status})`;
      }
    },
    'call-failed': (r) => (r.error ? `Anruf fehlgeschlagen: ${r.error}` : 'Anruf fehlgeschlagen'),
    'answer-failed': (r) => `Annehmen nicht möglich: ${r.error}`,
    declined: () => 'Abgelehnt',
    'you-hung-up': () => 'Sie haben aufgelegt',
    'hangup-failed': (r) => `Auflegen fehlgeschlagen: ${r.error}`,
    'remote-hung-up': () => 'Die Gegenseite hat aufgelegt',
    'missed-caller-hung-up': () => 'Verpasst: der Anrufer hat aufgelegt',
    'sent-to-voicemail': () => 'An die Mailbox weitergeleitet',
    'handled-elsewhere': (r) =>
      r.status < 300
        ? 'Auf einem anderen Gerät angenommen'
        : r.status < 400
          ? 'Auf einem anderen Gerät an die Mailbox weitergeleitet'
          : 'Auf einem anderen Gerät abgelehnt',
    transferred: () => 'Weitervermittelt',
    'hold-refused': () => 'Der Anruf konnte nicht gehalten werden.',
    'resume-refused': () => 'Der Anruf konnte nicht fortgesetzt werden.',
    'hold-failed': (r) => `Halten fehlgeschlagen: ${r.error}`,
    'no-keypad-tones': () => 'Dieser Anruf kann keine Tastentöne senden.',
    'audio-blocked': () =>
      'Der Browser hat den Ton des Anrufs blockiert: klicken Sie irgendwohin, um ihn zu hören.',
    'no-dial-target': () => 'Geben Sie einen Namen, eine Nummer oder eine SIP-Adresse ein.',
    'invalid-target': (r) => `„${r.input}“ ist keine gültige SIP-Adresse.`,
    'no-digits': () => 'Diese Nummer enthält keine Ziffern.',
    'not-registered': () => 'Nicht angemeldet: der Anruf kann nicht aufgebaut werden.',
    'not-connected': () => 'Nicht mit dem Server verbunden.',
    'call-already-ended': () => 'Dieser Anruf ist bereits beendet.',
    'not-ringing': () => 'Dieser Anruf klingelt nicht mehr.',
    'no-diversion': () => 'Dieser Anruf kann nicht an die Mailbox weitergeleitet werden.',
    'not-transferable': () => 'Nur ein verbundener Anruf kann weitervermittelt werden.',
    'transfer-refused': (r) => `Die Weitervermittlung ist nicht zustande gekommen (${r.status}).`,
    'transfer-failed': (r) => `Weitervermittlung fehlgeschlagen: ${r.error}`,
    'invalid-tone': (r) => `„${r.tone}“ ist kein Tastenton.`,
    'device-switch-failed': (r) => `Der Anruf konnte nicht auf das gewählte Gerät wechseln: ${r.error}`,
  },
  known: {
    // sip/describe-failure.ts and sip/phone-client.ts
    Forbidden: 'Verboten',
    'Not found': 'Nicht gefunden',
    'No answer': 'Keine Antwort',
    Unavailable: 'Nicht erreichbar',
    Busy: 'Besetzt',
    Cancelled: 'Abgebrochen',
    Declined: 'Abgelehnt',
    'Call failed': 'Anruf fehlgeschlagen',
    'You hung up': 'Sie haben aufgelegt',
    'The other side hung up': 'Die Gegenseite hat aufgelegt',
    'Missed: the caller hung up': 'Verpasst: der Anrufer hat aufgelegt',
    'Connection to the server lost: the call ended':
      'Verbindung zum Server verloren: der Anruf wurde beendet',
    'Connection to the server closed': 'Verbindung zum Server geschlossen',
    Disconnected: 'Getrennt',
    'The browser is offline': 'Der Browser ist offline',
    'Registration expired': 'Anmeldung abgelaufen',
    'Registration refused': 'Anmeldung abgewiesen',
    'No usable answer': 'Keine verwertbare Antwort',
    'Not connected': 'Nicht verbunden',
    'Not signed in.': 'Nicht angemeldet.',
    'Not registered: the call cannot be placed.': 'Nicht angemeldet: der Anruf kann nicht aufgebaut werden.',
    'That call has already ended.': 'Dieser Anruf ist bereits beendet.',
    'Not connected to the server.': 'Nicht mit dem Server verbunden.',
    'The call could not be held.': 'Der Anruf konnte nicht gehalten werden.',
    'The call could not be resumed.': 'Der Anruf konnte nicht fortgesetzt werden.',
    'This call cannot send keypad tones.': 'Dieser Anruf kann keine Tastentöne senden.',
    'The browser blocked call audio: click anywhere to hear it.':
      'Der Browser hat den Ton des Anrufs blockiert: klicken Sie irgendwohin, um ihn zu hören.',
    'The auth user may not contain quotes, backslashes or control characters.':
      'Der Benutzername darf keine Anführungszeichen, Backslashes oder Steuerzeichen enthalten.',
    // um-api: the voicemail web API
    'The voicemail server gave no call id.': 'Der Voicemail-Server hat keine Anruf-ID geliefert.',
    'The voicemail server cannot be reached ({}).': 'Der Voicemail-Server ist nicht erreichbar ({}).',
    'The voicemail server asked for an unknown sign-in.':
      'Der Voicemail-Server verlangt eine unbekannte Anmeldung.',
    'The voicemail server refused your user name or password.':
      'Der Voicemail-Server hat Ihren Benutzernamen oder Ihr Passwort abgelehnt.',
    '“{}” is not a stun: or turn: URL.': '„{}“ ist keine stun:- oder turn:-URL.',
    '“{}” is not a SIP address.': '„{}“ ist keine SIP-Adresse.',
    '“{}” is not a host name or IP address (no port, no scheme).':
      '„{}“ ist kein Hostname und keine IP-Adresse (ohne Port und Schema).',
    // store: calls refused by presence
    'Missed while Appear Offline': 'Verpasst während „Offline anzeigen“',
    'Missed during Do Not Disturb': 'Verpasst während „Nicht stören“',
    // sign-in form validation
    'Enter a WebSocket URL such as wss://sip.example.com:7443.':
      'Geben Sie eine WebSocket-URL ein, z. B. wss://sip.example.com:7443.',
    'The server URL must start with wss:// or ws://.': 'Die Server-URL muss mit wss:// oder ws:// beginnen.',
    '“{}” is not a WebSocket URL (wss:// or ws://).': '„{}“ ist keine WebSocket-URL (wss:// oder ws://).',
    'At most 8 servers.': 'Höchstens 8 Server.',
    'Enter your SIP address, e.g. sip:alice@example.com.':
      'Geben Sie Ihre SIP-Adresse ein, z. B. sip:alice@example.com.',
    'A SIP address looks like sip:alice@example.com.':
      'Eine SIP-Adresse sieht so aus: sip:alice@example.com.',
    'Enter an http:// or https:// URL, or leave it empty.':
      'Geben Sie eine http://- oder https://-URL ein, oder lassen Sie das Feld leer.',
    'Use an https:// address (http:// only to this computer).':
      'Verwenden Sie eine https://-Adresse (http:// nur zu diesem Computer).',
    'Leave out the user name and password: it signs in with yours.':
      'Lassen Sie Benutzername und Kennwort weg: Die Anmeldung erfolgt mit Ihren.',
    'The voicemail server asks for your password over plain http: use an https:// address.':
      'Der Voicemail-Server fragt über unverschlüsseltes http nach Ihrem Kennwort: Verwenden Sie eine https://-Adresse.',
  },
};
