/**
 * RTP packets (RFC 3550 5.1) for the plain RTP leg: parse what arrives,
 * build what is sent. Anything that is not a well-formed RTP version 2
 * packet is refused (undefined), never half-read.
 */

export interface RtpPacketData {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

/** Parses one datagram; undefined for RTCP, other versions, or a truncated packet. */
export function parseRtp(datagram: Buffer): RtpPacketData | undefined {
  if (datagram.length < 12) return undefined;
  const b0 = datagram[0]!;
  const b1 = datagram[1]!;
  if (b0 >> 6 !== 2) return undefined;
  const payloadType = b1 & 0x7f;
  // RFC 5761 4: payload types 64-95 with the marker bit are RTCP (200-207) on a muxed port.
  if (payloadType >= 72 && payloadType <= 76) return undefined;
  let offset = 12 + (b0 & 0x0f) * 4; // CSRC list
  if (offset > datagram.length) return undefined;
  if (b0 & 0x10) {
    // header extension (5.3.1): 4 bytes of header, then `length` 32-bit words
    if (offset + 4 > datagram.length) return undefined;
    offset += 4 + datagram.readUInt16BE(offset + 2) * 4;
    if (offset > datagram.length) return undefined;
  }
  let end = datagram.length;
  if (b0 & 0x20) {
    // padding (5.1): the last byte counts the padding bytes, itself included
    const pad = datagram[end - 1]!;
    if (pad === 0 || end - pad < offset) return undefined;
    end -= pad;
  }
  return {
    payloadType,
    marker: (b1 & 0x80) !== 0,
    sequence: datagram.readUInt16BE(2),
    timestamp: datagram.readUInt32BE(4),
    ssrc: datagram.readUInt32BE(8),
    payload: datagram.subarray(offset, end),
  };
}

export function buildRtp(packet: RtpPacketData): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  header.writeUInt16BE(packet.sequence & 0xffff, 2);
  header.writeUInt32BE(packet.timestamp >>> 0, 4);
  header.writeUInt32BE(packet.ssrc >>> 0, 8);
  return Buffer.concat([header, packet.payload]);
}
