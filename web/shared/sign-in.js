// Signing a supervisor in, for the console and the live view: the API token typed in the
// #login-form is exchanged for a session token, kept in this browser tab only (sessionStorage).
export function supervisorSignIn(storageKey, onSignedIn) {
  const $ = (id) => document.getElementById(id);
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('login-error').textContent = '';
    const res = await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiToken: $('login-token').value }) });
    if (!res.ok) { $('login-error').textContent = 'Token non valido.'; return; }
    const { token } = await res.json();
    sessionStorage.setItem(storageKey, token);
    await onSignedIn(token);
  });
  return {
    /** The session token of an earlier sign-in in this tab, or null. */
    saved: () => sessionStorage.getItem(storageKey),
    forget: () => sessionStorage.removeItem(storageKey),
  };
}
