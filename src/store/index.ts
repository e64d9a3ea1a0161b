export * from './phone-store';
export * from './react';
// What the views and the embed API read about calls and the connection: the SIP layer reports
// them, the store holds them; features/ and embed/ take them from here, never from sip/.
export type { CallInfo, CallState, RegistrationState } from '../sip/call-state';
