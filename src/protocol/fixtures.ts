/**
 * Protocol examples from the specifications, copied verbatim (including their misprints) so
 * tests prove the parser copes with what the specs actually show (spec seeds 000 and 002).
 * Line endings are LF as printed; use {@link toCrlf} for wire-format variants.
 */

/**
 * MS-OCEXUM (v20131119) 4.1: subscriber access INVITE with `Ms-Exchange-Command: skip-pin`.
 * Note the To URI carries `;opaque=app:voicemail` inside the brackets and there is no automata.
 */
export const OCEXUM_4_1_SKIP_PIN_INVITE = `INVITE sip:alice@contoso.com;opaque=app:voicemail SIP/2.0
Via: SIP/2.0/TLS 10.56.65.37:33876
Max-Forwards: 70
From: <sip:alice@contoso.com>;tag=01742a55e6;epid=6b5d10e663
To: <sip:alice@contoso.com;opaque=app:voicemail>
Call-ID: f7c2efff9240413cb6e5125fdca4b63a
CSeq: 1 INVITE
Contact: <sip:alice@contoso.com;opaque=user:epid:ihclvAI6-FmKSGLKr_2rtAAA;gruu>
Ms-Exchange-Command: skip-pin
... SDP SNIPPED ...
`;

/**
 * MS-OCEXUM (v20131119) 4.2: Play-On-Phone INVITE from UM, exactly as printed: the Request-Line is
 * broken before `SIP/2.0`, the Contact URI has a stray space after `sip:`, and the body is
 * replaced by `...SDP SNIPPED...` without a blank line.
 */
export const OCEXUM_4_2_PLAY_ON_PHONE_INVITE = `INVITE sip:172.19.58.98:2280;transport=tls;ms-opaque=ce5f21cc9d;ms-received-cid=D0A300
SIP/2.0
Max-Forwards: 68
Content-Length: 317
From: <sip:alice@contoso.com>;epid=1944B98832;tag=7534fa434
To: <sip:alice@contoso.com>;epid=d793aff63a
CSeq: 5 INVITE
Call-ID: 7a7378c9-7b3c-4cec-b6da-ec27d752e904
Contact: <sip: exchange.contoso.com:5066;transport=Tls;ms-opaque=a752506cbee22182>;automata
User-Agent: RTCC/3.0.0.0
Content-Type: application/sdp
Allow: UPDATE
Ms-Sensitivity: private-no-diversion
Allow: Ack, Cancel, Bye, Invite, Message, Info, Service, Options, BeNotify
...SDP SNIPPED...
`;

/**
 * MS-OCEXUM (2010 edition) 4.3: Subject and Priority, as printed: a leading empty line, `To:`
 * without a space and unbracketed URIs (so `;opaque=app:voicemail` is a header parameter of To,
 * RFC 3261 §20.10), ending with a whitespace-only line.
 */
export const OCEXUM_2010_4_3_SUBJECT_PRIORITY_INVITE = `
INVITE sip:bob@contoso.com;opaque=app:voicemail SIP/2.0
From: sip:bob@contoso.com
To:sip:bob@contoso.com;opaque=app:voicemail
Subject: About the new sales project
Priority: Urgent
  
`;

/**
 * MS-OCEXUM (2010 edition) 2.2.5: the automata illustration. Its placeholders are not URIs and a
 * blank line separates To from Contact, which therefore sits in the body, not the headers.
 */
export const OCEXUM_2010_2_2_5_AUTOMATA_EXAMPLE = `INVITE SIP URI SIP/2.0
From: SIP URI
To: SIP URI

Contact: <sip:exchangeum@contoso.com >;automata
`;

/** The Contact line of the 2.2.5 illustration (note the space before `>`). */
export const OCEXUM_2010_2_2_5_AUTOMATA_CONTACT = 'Contact: <sip:exchangeum@contoso.com >;automata';

/** The same message with CRLF line endings, as it would appear on the wire (RFC 3261 §7). */
export function toCrlf(message: string): string {
  return message.replace(/\r?\n/g, '\r\n');
}
