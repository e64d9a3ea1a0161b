import { expect } from './fixtures';
import type { PhonePage } from './phone-page';

/** `caller` dials `target`, `callee` answers, and both cards say Connected. */
export async function connectCall(caller: PhonePage, callee: PhonePage, target: string): Promise<void> {
  await caller.dial(target);
  await callee.incoming().getByRole('button', { name: 'Answer' }).click();
  await expect(caller.active()).toHaveAttribute('data-state', 'connected');
  await expect(callee.active()).toHaveAttribute('data-state', 'connected');
}
