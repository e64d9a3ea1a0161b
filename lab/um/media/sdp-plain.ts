/**
 * SDP offer/answer (RFC 3264) for the plain RTP/AVP leg, as a desk phone or
 * a real voicemail server speaks it: no ICE, no DTLS, RTCP on the next port
 * (RFC 3550 11). The answer takes the first usable audio stream and refuses
 * every other stream with port 0 (RFC 3264 6: one m-line per offered one).
 *
 * Formats accepted: PCMU/8000 (RFC 3551 payload type 0, required: the
 * prompts are sent in it), Opus/48000/2 (RFC 7587, put first so the caller
 * sends wideband speech) and telephone-event (RFC 4733) at 8000 or 48000 Hz.
 */
import { IncompatibleTransportError, NoCommonCodecError } from './leg';

export interface PlainOffer {
  /** Where to send RTP: the audio stream's connection address and port. */
  address: string;
  port: number;
  /** Payload types chosen for the answer, in answer order, with their rtpmap text. */
  formats: Array<{ pt: number; rtpmap: string; fmtp?: string }>;
  pcmu: number;
  opus: number | undefined;
  telephoneEvents: number[];
  /** The answer's direction (RFC 3264 6.1: the offer's, reversed). */
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  /** Every offered m-line as `media proto fmts` (refused ones are answered with port 0). */
  mediaLines: Array<{ media: string; proto: string; fmts: string; chosen: boolean }>;
}

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Reads an offer for the plain leg; throws IncompatibleTransportError for WebRTC, NoCommonCodecError for no PCMU. */
export function parsePlainOffer(sdp: string): PlainOffer {
  const lines = sdp.split(/\r?\n/).filter((l) => l !== '');
  let sessionAddress: string | undefined;
  let sessionDirection: PlainOffer['direction'] | undefined;
  const media: Array<{ line: string; attrs: string[]; address?: string }> = [];
  for (const line of lines) {
    if (line.startsWith('m=')) media.push({ line, attrs: [] });
    const current = media[media.length - 1];
    if (line.startsWith('c=')) {
      const m = /^c=IN IP4 (\S+)$/.exec(line);
      if (!m || !IPV4_RE.test(m[1]!))
        throw new IncompatibleTransportError(`unsupported connection line ${line}`);
      if (current) current.address = m[1]!;
      else sessionAddress = m[1]!;
    } else if (line.startsWith('a=')) {
      if (current) current.attrs.push(line.slice(2));
      else if (/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line))
        sessionDirection = line.slice(2) as PlainOffer['direction'];
    }
  }
  const mediaLines: PlainOffer['mediaLines'] = [];
  let chosen: Omit<PlainOffer, 'mediaLines'> | undefined;
  let webrtcSeen = false;
  for (const m of media) {
    const parts = /^m=(\S+) (\d+)(?:\/\d+)? (\S+) ?(.*)$/.exec(m.line);
    if (!parts) throw new NoCommonCodecError(`malformed media line ${m.line}`);
    const [, kind, port, proto, fmts] = parts as unknown as [string, string, string, string, string];
    const entry = { media: kind, proto, fmts: fmts.trim(), chosen: false };
    mediaLines.push(entry);
    if (chosen || kind !== 'audio' || Number(port) === 0) continue;
    if (proto !== 'RTP/AVP') {
      // UDP/TLS/RTP/SAVPF (WebRTC), RTP/SAVP (SDES) and the rest: not this leg's profile.
      if (/SAVP|TLS/.test(proto)) webrtcSeen = true;
      continue;
    }
    if (m.attrs.some((a) => /^(fingerprint|ice-ufrag|ice-pwd):/.test(a))) {
      webrtcSeen = true;
      continue;
    }
    const address = m.address ?? sessionAddress;
    const rtpPort = Number(port);
    if (!address || rtpPort < 1 || rtpPort > 65535) continue;
    const pts = entry.fmts
      .split(/\s+/)
      .filter((f) => /^\d{1,3}$/.test(f))
      .map(Number);
    const rtpmap = new Map<number, string>();
    for (const a of m.attrs) {
      const r = /^rtpmap:(\d{1,3}) (\S+)$/.exec(a);
      if (r) rtpmap.set(Number(r[1]), r[2]!);
    }
    const named = (pt: number, re: RegExp) => re.test(rtpmap.get(pt) ?? '');
    const pcmu = pts.find((pt) => (pt === 0 && !rtpmap.has(0)) || named(pt, /^PCMU\/8000(\/1)?$/i));
    if (pcmu === undefined) continue;
    const opus = pts.find((pt) => named(pt, /^opus\/48000\/2$/i));
    const telephoneEvents = pts.filter((pt) => named(pt, /^telephone-event\/(8000|48000)$/i));
    const direction =
      (m.attrs.find((a) => /^(sendrecv|sendonly|recvonly|inactive)$/.test(a)) as PlainOffer['direction']) ??
      sessionDirection ??
      'sendrecv';
    const formats: PlainOffer['formats'] = [];
    if (opus !== undefined)
      formats.push({ pt: opus, rtpmap: 'opus/48000/2', fmtp: 'minptime=10;useinbandfec=1' });
    formats.push({ pt: pcmu, rtpmap: 'PCMU/8000' });
    for (const pt of telephoneEvents) formats.push({ pt, rtpmap: rtpmap.get(pt)!, fmtp: '0-16' });
    chosen = {
      address,
      port: rtpPort,
      formats,
      pcmu,
      opus,
      telephoneEvents,
      direction:
        ({ sendonly: 'recvonly', recvonly: 'sendonly' } as const)[direction as 'sendonly'] ?? direction,
    };
    entry.chosen = true;
  }
  if (!chosen) {
    if (webrtcSeen)
      throw new IncompatibleTransportError('the offer is WebRTC (DTLS/ICE); this leg is plain RTP/AVP');
    throw new NoCommonCodecError('the offer has no RTP/AVP audio stream with PCMU/8000');
  }
  return { ...chosen, mediaLines };
}

/** The answer for `offer`, RTP on `host`:`port` (RTCP on port + 1). */
export function plainAnswer(offer: PlainOffer, host: string, port: number, sessionId: number): string {
  const lines = ['v=0', `o=um ${sessionId} 1 IN IP4 ${host}`, 's=-', `c=IN IP4 ${host}`, 't=0 0'];
  for (const m of offer.mediaLines) {
    if (!m.chosen) {
      lines.push(`m=${m.media} 0 ${m.proto} ${m.fmts}`);
      continue;
    }
    lines.push(`m=audio ${port} RTP/AVP ${offer.formats.map((f) => f.pt).join(' ')}`);
    for (const f of offer.formats) {
      lines.push(`a=rtpmap:${f.pt} ${f.rtpmap}`);
      if (f.fmtp) lines.push(`a=fmtp:${f.pt} ${f.fmtp}`);
    }
    lines.push('a=ptime:20', `a=${offer.direction}`);
  }
  return lines.join('\r\n') + '\r\n';
}
