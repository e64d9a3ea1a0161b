/** What the user set out to do with a call (MS-OCEXUM); shapes the labels the UI shows. */
export type CallPurpose =
  /** An ordinary call. */
  | 'call'
  /** Subscriber access to the user's own mailbox (MS-OCEXUM 3.1). */
  | 'voicemail'
  /** Deposit: leave a message in someone else's mailbox (MS-OCEXUM 2.2.3). */
  | 'leave-message'
  /** Incoming Play-On-Phone dial-out from the voicemail server (MS-OCEXUM 3.2). */
  | 'play-on-phone';
