/** Joins the truthy class names: `cx('btn', urgent && 'btn--urgent')`. */
export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}
