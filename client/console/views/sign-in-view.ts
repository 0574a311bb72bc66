import { byId } from '../dom.js';

/** The token form; `signIn` rejects with the reason the token was not accepted. */
export function mountSignInView(signIn: (token: string) => Promise<void>): void {
  const form = byId<HTMLFormElement>('sign-in-form');
  const error = byId('sign-in-error');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    signIn(byId<HTMLTextAreaElement>('token').value.trim()).catch((reason: unknown) => {
      error.textContent = (reason as Error).message;
    });
  });
}
