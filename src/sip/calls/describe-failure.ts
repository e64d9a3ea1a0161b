/** Words a person understands for a SIP final response that ended an outgoing call. */
export function describeFailure(status: number, reasonPhrase: string): string {
  switch (status) {
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
      return `Busy (${status})`;
    case 487:
      return 'Cancelled';
    case 603:
      return 'Declined (603)';
    default:
      return `${reasonPhrase || 'Call failed'} (${status})`;
  }
}
